"""python -m tools.grading release|grade (see tools/grading/__init__.py)."""

import argparse
from pathlib import Path

from ..course import REPO
from . import __doc__ as usage
from .release import release
from .run import grade


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.grading",
        description=usage,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["release", "grade"])
    parser.add_argument(
        "--root", default=str(REPO / "build"), help="nbgrader course root (default: build/)"
    )
    parser.add_argument(
        "--sandbox",
        choices=["on", "off"],
        default="on",
        help="off: run submissions without isolation (prints a warning)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        help="submissions using the processors at once (default: 2)",
    )
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    if args.command == "release":
        release(root)
    else:
        grade(root, sandbox=args.sandbox == "on", jobs=args.jobs)


if __name__ == "__main__":
    main()
