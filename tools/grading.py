"""The instructor's grading workflow on top of nbgrader (offline, SQLite gradebook).

    python tools/grading.py release [--root DIR]   # student copies in DIR/release/<lesson>/<lesson>.ipynb
    python tools/grading.py grade   [--root DIR]   # autograde DIR/submitted/<student>/<lesson>/, feedback, DIR/grades.csv

DIR defaults to build/. Every notebook in notebooks/ that has nbgrader cells is one assignment named
after its file (01_single_neuron.ipynb -> 01_single_neuron).
"""
import argparse
import csv
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
sys.path.insert(0, str(REPO / "tools"))   # trusted_scores, also when this file is loaded by path
from trusted_scores import KEY_LINE, score_submission  # noqa: E402
from nnhelpers.answers import RESULTS_FILE, SEED_VARIABLE  # noqa: E402

# A quiz widget that carries its answer; only a practice quiz (practice=True, ungraded) may.
KEYED_QUIZ = re.compile(r"\bcorrect\s*=")


def is_graded(nb):
    """True when any cell of the notebook carries nbgrader metadata."""
    return any("nbgrader" in cell.metadata for cell in nb.cells)


def graded_lessons(notebooks=NOTEBOOKS):
    """The instructor notebooks that are nbgrader assignments, in lesson order."""
    return [path for path in sorted(Path(notebooks).glob("*.ipynb")) if is_graded(nbformat.read(path, as_version=4))]


def nbgrader(root, *args, env=None):
    """Run one nbgrader command on the course at `root` (settings from nbgrader_config.py); raise if it fails.

    env: extra environment variables for nbgrader and the kernels it starts.
    """
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}", "--log-level=ERROR"]
    # nbgrader runs `alembic` from PATH, so this environment's bin/ must come first.
    env = dict(os.environ, **(env or {}),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    subprocess.run(command, cwd=REPO, check=True, env=env)


def stage(root, lessons):
    """Copy each lesson to root/source/<lesson>/<lesson>.ipynb without stored widget state and without
    its quiz answer keys ("# ANSWER KEY:" lines, read by tools/trusted_scores.py from notebooks/), so
    neither the release, the gradebook nor a grading kernel ever holds them."""
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.source = KEY_LINE.sub("", cell.source)
        target = Path(root) / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)


def check_release(root, lesson):
    """Fail loudly if a student copy still holds solutions, hidden tests, answer keys, outputs or widget
    state. An answer key is a "# ANSWER KEY:" line or a quiz built with correct=... that is not
    marked practice=True."""
    path = Path(root) / "release" / lesson / f"{lesson}.ipynb"
    nb = nbformat.read(path, as_version=4)
    problems = []
    if "widgets" in nb.metadata:
        problems.append("metadata.widgets (stored widget state)")
    for cell in nb.cells:
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            if marker in cell.source:
                problems.append(f"'{marker}' in cell {cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}")
        if KEY_LINE.search(cell.source) or (KEYED_QUIZ.search(cell.source) and "practice=True" not in cell.source):
            problems.append(f"an answer key in cell {cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}")
        if cell.cell_type == "code" and cell.outputs:
            problems.append(f"stored outputs in cell {cell.id}")
    if problems:
        raise SystemExit(f"{path} is not safe to hand out: " + "; ".join(problems))
    return path


def release(root, only=None):
    """Stage every graded lesson (or the ones named in `only`) and write its student copy
    to root/release/<lesson>/<lesson>.ipynb."""
    lessons = [path for path in graded_lessons() if only is None or path.stem in only]
    stage(root, lessons)
    for path in lessons:
        nbgrader(root, "generate_assignment", path.stem, "--force")
        print(f"released {check_release(root, path.stem)}")


def grade(root, *nbgrader_options):
    """Autograde every submission, write HTML feedback and export root/grades.csv.

    nbgrader_options: extra settings for autograde, e.g. "--Execute.timeout=5" in the tests.
    """
    root = Path(root)
    lessons = [path.stem for path in graded_lessons()]
    submitted = sorted({p.name for p in root.glob("submitted/*/*") if p.is_dir()})
    unknown = [name for name in submitted if name not in lessons]
    if unknown:
        raise SystemExit(f"submissions for unknown lessons {unknown}; graded lessons are {lessons}")
    if not submitted:
        raise SystemExit(f"no submissions under {root / 'submitted'}/<student>/<lesson>/; nothing to grade")
    trusted = []
    for lesson in submitted:
        seed = secrets.randbelow(2**31)   # a new seed each run: an answer recorded earlier does not count
        nbgrader(root, "autograde", lesson, "--force", *nbgrader_options, env={SEED_VARIABLE: str(seed)})
        trusted += trusted_scores(root, lesson, seed)
        nbgrader(root, "generate_feedback", lesson, "--force")
    write_trusted_report(root / "trusted-scores.csv", trusted)
    nbgrader(root, "export", f"--CsvExportPlugin.to={root / 'grades.csv'}")
    print(f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}/<student>/<lesson>/")


def trusted_scores(root, lesson, seed):
    """Points from the trusted comparison for every autograded submission of `lesson`
    (tools/trusted_scores.py); rows (lesson, student, grade_id, points, max_points, reason)."""
    rows = []
    for notebook in sorted(Path(root).glob(f"autograded/*/{lesson}/{lesson}.ipynb")):
        student = notebook.parent.parent.name
        scores = score_submission(lesson, notebook, notebook.parent / RESULTS_FILE,
                                  Path(root) / "gradebook.db", student, seed)
        rows += [(lesson, student, *row) for row in scores]
    return rows


def write_trusted_report(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["lesson", "student", "grade_id", "points", "max_points", "reason"])
        writer.writerows(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["release", "grade"])
    parser.add_argument("--root", default=str(REPO / "build"), help="nbgrader course root (default: build/)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    {"release": release, "grade": grade}[args.command](root)


if __name__ == "__main__":
    main()
