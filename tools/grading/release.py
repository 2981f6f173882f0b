"""Student copies: each graded lesson staged as nbgrader source and released without its secrets."""

import re
import subprocess
from pathlib import Path

import nbformat

from ..course import REPO, graded_lessons, nbgrader_command
from .quizzes import KEY_LINE

# A quiz widget that carries its answer; only a practice quiz (practice=True, ungraded) may.
KEYED_QUIZ = re.compile(r"\bcorrect\s*=")


def nbgrader(root, *args):
    """Run one nbgrader command on the course at `root`; raise if it fails."""
    command, env = nbgrader_command(root, *args)
    subprocess.run(command, cwd=REPO, check=True, env=env)


def stage(root, lessons):
    """Copy each lesson to root/source/<lesson>/<lesson>.ipynb without stored widget state and without
    its quiz answer keys ("# ANSWER KEY:" lines, read by scores.py from notebooks/), so
    neither the release, the gradebook nor a grading kernel ever holds them. The nbval tags
    (nbval-check-output, ...) go too: they steer CI's regression test, which never runs on a student copy."""
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.source = KEY_LINE.sub("", cell.source)
            drop_nbval_tags(cell)
        target = Path(root) / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)


def drop_nbval_tags(cell):
    """Remove the cell's nbval tags, and its tag list if nothing else is left in it."""
    tags = cell.metadata.get("tags")
    if tags is None:
        return
    kept = [tag for tag in tags if not tag.startswith("nbval-")]
    if kept:
        cell.metadata["tags"] = kept
    else:
        del cell.metadata["tags"]


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
                problems.append(
                    f"'{marker}' in cell {cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}"
                )
        if KEY_LINE.search(cell.source) or (
            KEYED_QUIZ.search(cell.source) and "practice=True" not in cell.source
        ):
            problems.append(
                f"an answer key in cell {cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}"
            )
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
