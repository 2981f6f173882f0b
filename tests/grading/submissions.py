"""Building submitted notebooks for the grading tests: the release filled in with the instructor's answers."""

import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.grading.sandbox import bwrap

# CI sets NN_SANDBOX_TEST=required: there a missing bubblewrap fails the grading tests instead of
# grading without the sandbox (the round trip) or skipping (the hostile suite).
SANDBOX_REQUIRED = os.environ.get("NN_SANDBOX_TEST") == "required"


def sandbox_available():
    """True when bubblewrap is installed; without it, fail when the sandbox is required, else False."""
    if bwrap():
        return True
    if SANDBOX_REQUIRED:
        pytest.fail(
            "NN_SANDBOX_TEST=required, but bubblewrap (bwrap) is not installed: "
            "sudo apt-get install bubblewrap",
            pytrace=False,
        )
    return False


def cells_by_id(nb):
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in nb.cells
        if "nbgrader" in cell.metadata
    }


def strip_markers(source):
    return "\n".join(
        line
        for line in source.splitlines()
        if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
    )


def solved(release_nb, source_nb):
    """The student copy with every answer cell filled in with the instructor's solution."""
    nb = nbformat.from_dict(release_nb)
    solutions = cells_by_id(source_nb)
    for grade_id, cell in cells_by_id(nb).items():
        if cell.metadata["nbgrader"].get("solution"):
            cell.source = strip_markers(solutions[grade_id].source)
    return nb


def source_notebook(lesson):
    return nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)


def points(lesson, grade_ids=None):
    """Points of the lesson's test cells (all, or the ones named)."""
    return sum(
        cell.metadata["nbgrader"]["points"]
        for gid, cell in cells_by_id(source_notebook(lesson)).items()
        if cell.metadata["nbgrader"].get("grade") and (grade_ids is None or gid in grade_ids)
    )


def submit(root, student, lesson, nb_or_bytes):
    target = Path(root) / "submitted" / student / lesson / f"{lesson}.ipynb"
    target.parent.mkdir(parents=True)
    if isinstance(nb_or_bytes, bytes):
        target.write_bytes(nb_or_bytes)
    else:
        nbformat.write(nb_or_bytes, target)
