"""Honest students graded beside every attack (issue 22): a class of N honest copies of lesson 01 graded
alone, then the same class beside attackers, each in a fresh course under build/bench-grading-attacks/,
with `make grade`'s code path, the sandbox on and the tests' cell timeout. The attackers:

- `--attacks issue` (the default): one submission for each attack issue 22 names that offline grading
  meets (the hub's spoofed name aside): a results value the judge cannot handle, script in Markdown
  and outputs, links to the instructor's notebook, a classmate's and a secret file, 20 cells of
  time.sleep (each 1 s under the cell timeout), a full disk and too many files, escape sequences in ids, a test cell copied above
  its answer, a chdir before `import nnhelpers`;
- `--attacks suite`: every careless, broken and hostile lesson-01 submission of the hostile suite
  (tests/grading/test_grading_hostile.py).

    .venv/bin/python benchmarks/grading_attacks.py [--students 20] [--jobs 2] [--attacks issue]

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
ISSUE_ATTACKS = [  # the hostile suite's students for the attacks issue 22 names, and SLEEPER
    "huge_numbers",
    "script_output",
    "link_to_instructor",
    "link_to_classmate",
    "secret_link",
    "many_files",
    "escape_names",
    "test_copied_above",
    "chdir_first",
]
SLEEPER = "sleeps"  # 20 cells that each sleep 1 s less than the cell timeout


def sleeper(release, source):
    nb = solved(release, source)
    sleep = f"import time\ntime.sleep({TIMEOUT - 1})"
    nb.cells += [nbformat.v4.new_code_cell(sleep) for _ in range(20)]
    return nb


def grade_class(root, students, attacks, jobs):
    """Grade `students` honest copies (and the `attacks`: None, "issue" or "suite") in a fresh course at
    `root`; returns (seconds, seconds until the last honest page was written, submissions)."""
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
    port = server.getsockname()[1]
    if attacks == "suite":
        hostile.build_class(root, LESSON, release, source, port)
    elif attacks == "issue":
        hostile.build_class(root, LESSON, release, source, port, only=ISSUE_ATTACKS)
        submit(root, SLEEPER, LESSON, sleeper(release, source))
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
    parser.add_argument("--attacks", choices=("issue", "suite"), default="issue")
    args = parser.parse_args(argv)
    base = ROOT / "build" / "bench-grading-attacks"
    alone, alone_last, n_alone = grade_class(base / "honest", args.students, None, args.jobs)
    beside, beside_last, n_beside = grade_class(
        base / "attacked", args.students, args.attacks, args.jobs
    )
    whose = "issue 22's" if args.attacks == "issue" else "the hostile suite's"
    print(
        f"{LESSON}, {args.jobs} at a time, cell timeout {TIMEOUT} s:\n"
        f"  {n_alone} honest submissions alone: {alone:.1f} s (last honest page at {alone_last:.1f} s)\n"
        f"  the same beside {whose} {n_beside - n_alone} lesson-01 attackers: "
        f"{beside:.1f} s (last honest page at "
        f"{beside_last:.1f} s)\n"
        f"  ratio {beside / alone:.2f} for the whole run, {beside_last / alone_last:.2f} for the "
        "honest students' pages; every honest student full marks, everyone a row and a page"
    )


if __name__ == "__main__":
    main()
