"""`make grade` with the judge run, end to end through nbgrader and the sandbox: the instructor keeps
full marks; a blank copy with generic cells (reading the seed, importing anything from nnhelpers,
writing the old results file, recording answers) scores 0; a solution calling the package's own
implementation scores 0 for that exercise, with the reason on the feedback page and in verdicts.jsonl;
a known mistake is named there."""

import nbformat
import pytest

from tests.grading import graded_class
from tests.grading.submissions import cells_by_id, points, solved, submit

pytestmark = pytest.mark.slow
LESSON = "01_single_neuron"
GENERIC = (
    "import os, json\nimport nnhelpers.exercises\nfrom nnhelpers import *\n"
    "seed = int(os.environ.get('NNHELPERS_GRADING_SEED', 0))\n"
    "open('nnhelpers-answers.json', 'w').write(json.dumps({'seed': seed, 'answers': {}}))\n"
    "sigmoid = nh.activation('sigmoid').forward\nrelu = nh.activation('relu').forward\n"
)


def build_class(root, lesson, release, source, port):
    """This suite's students of lesson 01 (tests/grading/graded_class.py grades them with the others)."""
    generic = nbformat.from_dict(release)
    generic.cells.insert(2, nbformat.v4.new_code_cell(GENERIC))
    engine = solved(release, source)
    cells_by_id(engine)["sigmoid"].source = "sigmoid = nh.activation('sigmoid').forward\n"
    mistaken = solved(release, source)
    cells_by_id(mistaken)["relu"].source = "def relu(z):\n    return np.abs(z)\n"
    for student, nb in {
        "instructor": solved(release, source),
        "generic": generic,
        "engine": engine,
        "mistaken": mistaken,
    }.items():
        submit(root, f"judge_{student}", lesson, nb)


graded_class.register(LESSON, build_class)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return graded_class.prefixed(tmp_path_factory, LESSON, "judge_")


def verdict(graded, student, item):
    return next(v for v in graded[2] if v["student"] == student and v["item"] == item)


def test_the_instructor_keeps_full_marks(graded):
    assert graded[1]["instructor"] == points(LESSON) > 0
    assert {v["verdict"] for v in graded[2] if v["student"] == "instructor"} == {"right"}


def test_a_blank_copy_with_generic_cells_scores_nothing(graded):
    assert graded[1]["generic"] == 0
    assert {
        v["verdict"] for v in graded[2] if v["student"] == "generic" and v["kind"] == "exercise"
    } == {"blank"}


def test_a_solution_calling_the_engine_scores_nothing_for_that_exercise_with_the_reason(graded):
    assert graded[1]["engine"] == points(LESSON) - points(LESSON, ["check_sigmoid"])
    row = verdict(graded, "engine", "sigmoid")
    assert (row["verdict"], row["points"], row["max_points"]) == ("forbidden", 0.0, 2.0)
    assert "nh.activation" in row["reason"]
    page = (graded[0] / "feedback" / "judge_engine" / LESSON / f"{LESSON}.html").read_text()
    assert "Grader: forbidden. not run: the solution uses nh.activation" in page


def test_a_known_mistake_is_named_in_the_verdicts_and_on_the_feedback_page(graded):
    assert graded[1]["mistaken"] == points(LESSON) - points(LESSON, ["check_relu"])
    row = verdict(graded, "mistaken", "relu")
    assert (row["verdict"], row["mistake"], row["kind"]) == (
        "mistake",
        "absolute_value",
        "exercise",
    )
    assert set(row) == {
        "student",
        "lesson",
        "item",
        "kind",
        "points",
        "max_points",
        "verdict",
        "mistake",
        "answer",
        "reason",
    }
    quiz = verdict(graded, "mistaken", "check_answer_bias")
    assert (quiz["kind"], quiz["verdict"], quiz["answer"]) == ("quiz", "right", "b")
    page = (graded[0] / "feedback" / "judge_mistaken" / LESSON / f"{LESSON}.html").read_text()
    assert "Grader: mistake." in page
