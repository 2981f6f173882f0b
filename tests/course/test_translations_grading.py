"""A Ukrainian student copy is graded by the English course's release and trusted scorer: the same grade ids
and graded cells, so the instructor's answers in the Ukrainian copy get full marks and a blank one 0."""

import csv
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
from tests.grading.submissions import (
    cells_by_id,
    points,
    sandbox_available,
    solved,
    source_notebook,
)
from tools.grading.release import release as release_lessons
from tools.grading.run import grade
from tools.translations import release as release_translation

LESSON = "01_single_neuron"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{student: CSV row} of the English course at a fresh root grading two Ukrainian copies."""
    root = tmp_path_factory.mktemp("course")
    release_lessons(root, only=[LESSON])
    ukrainian = release_translation("uk", root=tmp_path_factory.mktemp("uk"), only=[LESSON])
    copy = nbformat.read(ukrainian / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert any("Один нейрон" in cell.source for cell in copy.cells), "not the Ukrainian copy"
    english = nbformat.read(root / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert {
        gid: c.source for gid, c in cells_by_id(copy).items() if c.metadata["nbgrader"].get("grade")
    } == {
        gid: c.source
        for gid, c in cells_by_id(english).items()
        if c.metadata["nbgrader"].get("grade")
    }
    for student, nb in {
        "uk_right": solved(copy, source_notebook(LESSON)),
        "uk_blank": copy,
    }.items():
        target = root / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    grade(root, sandbox=sandbox_available())
    with open(root / "grades.csv") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    return root, rows


def test_a_ukrainian_copy_with_the_right_answers_gets_full_marks(graded):
    assert float(graded[1]["uk_right"]["score"]) == points(LESSON)


def test_a_blank_ukrainian_copy_scores_zero(graded):
    assert float(graded[1]["uk_blank"]["score"]) == 0


def test_the_feedback_page_shows_the_ukrainian_lesson(graded):
    pages = list((graded[0] / "feedback" / "uk_right" / LESSON).glob("*.html"))
    assert pages and "Один нейрон" in pages[0].read_text(encoding="utf-8")
