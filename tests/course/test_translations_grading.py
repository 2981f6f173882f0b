"""A Ukrainian student copy is graded by the English course's release and trusted scorer: the same grade ids
and graded cells, so the instructor's answers in the Ukrainian copy get full marks and a blank one 0. The two
Ukrainian students hand in beside the English class of lesson 01 (tests/grading/graded_class.py)."""

import nbformat
import pytest

from tests.grading import graded_class
from tests.grading.submissions import cells_by_id, points, solved, submit
from tools.translations import release as release_translation

LESSON = "01_single_neuron"
pytestmark = pytest.mark.slow


def ukrainian_copy(root):
    return root / "uk" / "release" / LESSON / f"{LESSON}.ipynb"


def build_class(root, lesson, release, source, port):
    """The Ukrainian copy released under root/uk/, handed in solved (uk_right) and blank (uk_blank)."""
    release_translation("uk", root=root / "uk", only=[lesson])
    copy = nbformat.read(ukrainian_copy(root), as_version=4)
    submit(root, "uk_right", lesson, solved(copy, source))
    submit(root, "uk_blank", lesson, copy)


graded_class.register(LESSON, build_class)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(the course root, {"right" | "blank": score}, verdicts) of the two Ukrainian students."""
    return graded_class.prefixed(tmp_path_factory, LESSON, "uk_")


def test_the_ukrainian_copy_has_the_english_graded_cells(graded):
    copy = nbformat.read(ukrainian_copy(graded[0]), as_version=4)
    assert any("Один нейрон" in cell.source for cell in copy.cells), "not the Ukrainian copy"
    english = nbformat.read(graded[0] / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)

    def graded_cells(nb):
        return {
            gid: c.source
            for gid, c in cells_by_id(nb).items()
            if c.metadata["nbgrader"].get("grade")
        }

    assert graded_cells(copy) == graded_cells(english)


def test_a_ukrainian_copy_with_the_right_answers_gets_full_marks(graded):
    assert graded[1]["right"] == points(LESSON)


def test_a_blank_ukrainian_copy_scores_zero(graded):
    assert graded[1]["blank"] == 0


def test_the_feedback_page_shows_the_ukrainian_lesson(graded):
    pages = list((graded[0] / "feedback" / "uk_right" / LESSON).glob("*.html"))
    assert pages and "Один нейрон" in pages[0].read_text(encoding="utf-8")
