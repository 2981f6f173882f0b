"""`make grade` on lesson 04, whose three exercises (forward, backward, train) are the methods of one
class in one solution cell: a mistake in one method costs only its exercise; train's swapped
backward arguments (issue 21) are named as such in verdicts.jsonl; the cell's feedback comment names
each exercise's verdict."""

import csv
import json

import nbformat
import pytest

from tests.grading.submissions import ROOT, cells_by_id, points, sandbox_available, solved
from tools.grading.release import release as release_lessons
from tools.grading.run import grade

pytestmark = pytest.mark.slow
LESSON = "04_letters_abc"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("lesson04")
    release_lessons(root, only=[LESSON])
    source = nbformat.read(ROOT / "notebooks" / f"{LESSON}.ipynb", as_version=4)
    release = nbformat.read(root / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
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
        target = root / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    grade(root, timeout=10, sandbox=sandbox_available())
    with open(root / "grades.csv") as f:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    verdicts = [json.loads(line) for line in (root / "verdicts.jsonl").read_text().splitlines()]
    return root, scores, verdicts


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
    page = (graded[0] / "feedback" / "swapped" / LESSON / f"{LESSON}.html").read_text()
    assert "Grader, train: mistake." in page and "Grader, forward: right." in page
