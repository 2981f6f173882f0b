"""End to end: a synthetic class (tests/grading/synthetic_class.py: 7 students, lessons 01, 02 and 03, 21
submissions with planted mistakes) graded by `make grade`'s code path; the class report it writes
counts every planted outcome exactly, with the students behind it, and agrees with grades.csv."""

import csv
from collections import defaultdict

import pytest
from nbformat import read

from tests.grading import synthetic_class as synthetic
from tests.grading.submissions import sandbox_available
from tools.grading import class_report
from tools.grading.run import grade

exercises = pytest.importorskip(
    "nnhelpers.exercises", reason="the exercise declarations (issue 21, items 1-6)"
)
pytestmark = pytest.mark.slow
# Every exercise is declared (nnhelpers.exercises); a planted mistake must be one of its declared ones.
DECLARED = {exercise.name for exercise in exercises.exercises()}


def test_every_planted_mistake_is_declared_for_its_exercise():
    for lesson, planted in synthetic.VARIANTS.items():
        for name, variants in planted.items():
            if name not in DECLARED:
                continue
            declared = {mistake.name for mistake in exercises.exercise(name).mistakes}
            unknown = set(variants) - declared - {synthetic.FORBIDDEN}
            assert not unknown, (
                f"{lesson}/{name}: {sorted(unknown)} not declared; declared: {sorted(declared)}"
            )


def test_every_outcome_is_planted_on_a_student():
    planned = synthetic.plan()
    for lesson, exercises_ in synthetic.VARIANTS.items():
        for name, variants in exercises_.items():
            chosen = {planned[student, lesson][name] for student in synthetic.STUDENTS}
            assert chosen == {synthetic.RIGHT, synthetic.BLANK, *variants}, (lesson, name)


def test_the_plan_covers_every_exercise_of_its_lessons():
    for lesson in synthetic.LESSONS:
        instructor = read(synthetic.ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
        solutions = [
            grade_id
            for grade_id, cell in synthetic.cells_by_id(instructor).items()
            if cell.metadata["nbgrader"].get("solution")
        ]
        quizzes = synthetic.quizzes(instructor)
        assert sorted(solutions) == sorted([*synthetic.VARIANTS[lesson], *quizzes]), lesson


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    planned = synthetic.build(root)
    grade(root, timeout=10, sandbox=sandbox_available())
    return root, planned


def label(outcome, exercise=None):
    """The report's label of a planted outcome (of `exercise`, for an exercise)."""
    if outcome is None:
        return class_report.NO_ANSWER
    if exercise is not None and exercise not in DECLARED and outcome != synthetic.RIGHT:
        outcome = "other"
    return class_report.UNNAMED.get(outcome, outcome)


def planned_bars(planned):
    """{(lesson, item): {outcome label: sorted students}} as planted; a quiz's item is its test
    cell."""
    bars = defaultdict(lambda: defaultdict(list))
    for (student, lesson), chosen in planned.items():
        for answer_id, outcome in chosen.items():
            exercise = answer_id in synthetic.VARIANTS[lesson]
            item = answer_id if exercise else f"check_{answer_id}"
            shown = label(outcome, answer_id) if exercise or outcome is None else outcome
            bars[lesson, item][shown].append(student)
    return {
        item: {outcome: sorted(who) for outcome, who in outcomes.items()}
        for item, outcomes in bars.items()
    }


def report_bars(root):
    """The same, from the class report's CSV (a quiz's option "b) text" as its letter; empty bars
    left out)."""
    bars = defaultdict(dict)
    with open(root / "class-mistakes.csv", newline="") as f:
        for row in csv.DictReader(f):
            outcome = row["outcome"]
            if row["kind"] == "quiz" and outcome != class_report.NO_ANSWER:
                outcome = outcome.split(")")[0]
            if int(row["students"]):
                bars[row["lesson"], row["item"]][outcome] = sorted(row["student_ids"].split(";"))
    return dict(bars)


def test_grade_writes_the_class_report(graded):
    root, _ = graded
    assert (root / "class-report.html").is_file() and (root / "class-mistakes.csv").is_file()


def test_the_report_counts_every_planted_mistake_exactly(graded):
    root, planned = graded
    assert len(planned) >= 21
    expected, found = planned_bars(planned), report_bars(root)
    for item in expected:
        assert found.get(item) == expected[item], item
    assert set(found) == set(expected)


def test_the_quizzes_right_answers_are_marked(graded):
    root, _ = graded
    with open(root / "class-mistakes.csv", newline="") as f:
        marked = {
            (r["lesson"], r["item"]): r["outcome"][0]
            for r in csv.DictReader(f)
            if r["is_right"] == "yes" and r["kind"] == "quiz"
        }
    for lesson in synthetic.LESSONS:
        instructor = read(synthetic.ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
        for answer_id, (right, _) in synthetic.quizzes(instructor).items():
            assert marked[lesson, f"check_{answer_id}"] == right


def test_the_report_and_grades_csv_agree_on_every_score(graded):
    root, _ = graded
    verdicts, problems = class_report.read_verdicts(root / "verdicts.jsonl")
    assert not problems
    scores = class_report.lesson_scores(verdicts)
    with open(root / "grades.csv", newline="") as f:
        for row in csv.DictReader(f):
            points = scores[row["assignment"]][0][row["student_id"]]
            assert points == pytest.approx(float(row["score"]))


def test_the_feedback_page_shows_each_quizs_answer(graded):
    root, _ = graded
    page = (root / "feedback" / "s01" / "01_single_neuron" / "01_single_neuron.html").read_text()
    assert "the right answer is <b>b)</b>" in page and "the right answer is <b>c)</b>" in page
