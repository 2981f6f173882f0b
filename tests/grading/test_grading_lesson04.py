"""`make grade` on lesson 04, whose three exercises (forward, backward, train) are the methods of one
class in one solution cell: a mistake in one method costs only its exercise; train's swapped
backward arguments (issue 21) are named as such in verdicts.jsonl; the cell's feedback comment names
each exercise's verdict."""

import pytest

from tests.grading import graded_class
from tests.grading.submissions import cells_by_id, points, solved, submit

pytestmark = pytest.mark.slow
LESSON = "04_letters_abc"


def build_class(root, lesson, release, source, port):
    """This suite's students of lesson 04 (tests/grading/graded_class.py grades them with the others)."""
    swapped, ignores = solved(release, source), solved(release, source)
    network = cells_by_id(swapped)["network"]
    network.source = network.source.replace(
        "self.backward(outputs, Y)", "self.backward(Y, outputs)"
    )
    network = cells_by_id(ignores)["network"]
    network.source = network.source.replace("2.0 * (outputs - Y)", "2.0 * outputs")
    for student, nb in {
        "instructor": solved(release, source),
        "swapped": swapped,
        "ignores": ignores,
    }.items():
        submit(root, f"methods_{student}", lesson, nb)


graded_class.register(LESSON, build_class)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return graded_class.prefixed(tmp_path_factory, LESSON, "methods_")


def found(graded, student):
    return {
        v["item"]: (v["verdict"], v["mistake"])
        for v in graded[2]
        if v["student"] == student and v["kind"] == "exercise"
    }


def test_each_method_costs_only_its_own_exercise_and_the_swap_is_named(graded):
    assert graded[1]["instructor"] == points(LESSON) > 0
    assert found(graded, "instructor") == dict.fromkeys(
        ("forward", "backward", "train"), ("right", None)
    )
    assert graded[1]["swapped"] == points(LESSON) - points(LESSON, ["check_train"])
    assert found(graded, "swapped")["train"] == ("mistake", "swapped_arguments")
    assert graded[1]["ignores"] == points(LESSON) - points(LESSON, ["check_backward"])
    assert found(graded, "ignores") == {
        "forward": ("right", None),
        "backward": ("mistake", "ignores_targets"),
        "train": ("right", None),
    }
    page = (graded[0] / "feedback" / "methods_swapped" / LESSON / f"{LESSON}.html").read_text()
    assert "Grader, train: mistake." in page and "Grader, forward: right." in page
