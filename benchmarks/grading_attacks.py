"""Honest students graded beside every attack (issue 22): a class of N honest copies of lesson 01 graded
alone, then the same class beside every careless, broken and hostile submission of the hostile suite
(tests/grading/test_grading_hostile.py, its lesson-01 students), each in a fresh course under
build/bench-grading-attacks/, with `make grade`'s code path, the sandbox on and the tests' cell timeout.

    .venv/bin/python benchmarks/grading_attacks.py [--students 20] [--jobs 2]

Checks that every honest student gets full marks and that everyone has a row in grades.csv and a
feedback page (exits 1 otherwise), then prints both wall times, their ratio, and when the last honest
student's feedback page was written in each run (pages are written as each submission finishes).
One run each: the machine's load shifts every figure.
"""

import argparse
import csv
import shutil
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import nbformat

from tests.grading import test_grading_hostile as hostile
from tests.grading.graded_class import TIMEOUT
from tests.grading.submissions import points, solved, source_notebook, submit
from tools.grading.release import release as release_lessons
from tools.grading.run import grade

LESSON = hostile.L1


def grade_class(root, students, attacks, jobs):
    """Grade `students` honest copies (and, with `attacks`, the hostile suite's lesson-01 class) in a
    fresh course at `root`; returns (seconds, seconds until the last honest page was written)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    release_lessons(root, only=[LESSON])
    release = nbformat.read(root / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    source = source_notebook(LESSON)
    honest = [f"honest{i:02d}" for i in range(students)]
    for student in honest:
        submit(root, student, LESSON, solved(release, source))
    server = socket.create_server(("127.0.0.1", 0))  # what the network attacks try to reach
    if attacks:
        hostile.build_class(root, LESSON, release, source, server.getsockname()[1])
    everyone = sorted(p.name for p in (root / "submitted").iterdir())
    started = time.time()
    grade(root, sandbox=True, timeout=TIMEOUT, jobs=jobs)
    seconds = time.time() - started
    server.close()
    with open(root / "grades.csv") as f:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    pages = {s: root / "feedback" / s / LESSON / f"{LESSON}.html" for s in everyone}
    wrong = [s for s in honest if scores.get(s) != points(LESSON)]
    missing = [s for s in everyone if s not in scores or not pages[s].is_file()]
    if wrong or missing:
        sys.exit(f"honest students without full marks: {wrong}; without a row or page: {missing}")
    last_honest = max(pages[s].stat().st_mtime for s in honest) - started
    return seconds, last_honest, len(everyone)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    base = ROOT / "build" / "bench-grading-attacks"
    alone, alone_last, n_alone = grade_class(base / "honest", args.students, False, args.jobs)
    beside, beside_last, n_beside = grade_class(base / "attacked", args.students, True, args.jobs)
    print(
        f"{LESSON}, {args.jobs} at a time, cell timeout {TIMEOUT} s:\n"
        f"  {n_alone} honest submissions alone: {alone:.1f} s (last honest page at {alone_last:.1f} s)\n"
        f"  the same beside the hostile suite's {n_beside - n_alone} lesson-01 students: "
        f"{beside:.1f} s (last honest page at "
        f"{beside_last:.1f} s)\n"
        f"  ratio {beside / alone:.2f} for the whole run, {beside_last / alone_last:.2f} for the "
        "honest students' pages; every honest student full marks, everyone a row and a page"
    )


if __name__ == "__main__":
    main()
