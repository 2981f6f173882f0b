"""What the grading sandbox costs: N copies of one lesson graded with `make grade`'s code path, sandbox on
and then off, each in a fresh course under build/bench-grading/.

    .venv/bin/python benchmarks/grading_sandbox.py [--lesson 01_single_neuron] [--students 40] [--jobs 2]

Each copy is the release filled in with the instructor's answers, so every run must give full marks (the
script checks it). Prints both wall times and their ratio (one run each; the machine's load shifts both).
"""

import argparse
import csv
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import nbformat

from tests.grading.submissions import points, solved, source_notebook, submit
from tools.grading.release import release as release_lessons
from tools.grading.run import grade


def grade_class(root, lesson, students, sandbox, jobs):
    """Release `lesson` into a fresh course at `root`, submit `students` solved copies, grade; seconds."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    release_lessons(root, only=[lesson])
    release = nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    honest = solved(release, source_notebook(lesson))
    for i in range(students):
        submit(root, f"student{i:03d}", lesson, honest)
    started = time.perf_counter()
    grade(root, sandbox=sandbox, jobs=jobs)
    seconds = time.perf_counter() - started
    with open(root / "grades.csv") as f:
        scores = [float(row["score"]) for row in csv.DictReader(f) if row["assignment"] == lesson]
    full = points(lesson)
    if scores != [full] * students:
        sys.exit(f"sandbox={sandbox}: expected {students} scores of {full}, got {scores}")
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lesson", default="01_single_neuron")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    base = ROOT / "build" / "bench-grading"
    on = grade_class(base / "sandbox-on", args.lesson, args.students, True, args.jobs)
    off = grade_class(base / "sandbox-off", args.lesson, args.students, False, args.jobs)
    print(
        f"{args.students} submissions of {args.lesson}, {args.jobs} at a time: sandbox on {on:.1f} s, "
        f"off {off:.1f} s, ratio {on / off:.2f}"
    )


if __name__ == "__main__":
    main()
