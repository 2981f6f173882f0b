"""The judge cannot be crashed by a value: hostile results files, generated from the declared exercises
(nnhelpers.exercises: the right answer of each declared exercise, with hostile values put in), are scored
through the trusted path (scores.score_submission, on the gradebook of the grading suites' release).

Property-based (Hypothesis): whatever the file holds, every test cell gets 0 or its full points and a
reason, nothing raises, and an answer with a hostile value in it never earns points.
"""

import json
import math
import shutil
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from nnhelpers.exercises import exercises, plain, rng_for
from tests.grading import graded_class
from tools.grading import results, scores

SEED = 4321
DECLARED = {f"check_{ex.name}": ex for ex in exercises()}
LESSONS = ["01_single_neuron", "02_dense_layer"]
HOSTILE = st.one_of(
    st.integers(min_value=10**13, max_value=10**1000),
    st.integers(max_value=-(10**13)),
    st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not math.isfinite(x) or abs(x) > 1e12
    ),
    st.just([]),
    st.just({}),
    st.just(None),
    st.text(min_size=1001, max_size=1500),
    st.integers(min_value=9, max_value=40).map(lambda depth: json.loads("[" * depth + "]" * depth)),
    st.just(list(range(results.MAX_VALUES + 1))),
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory):
    """lesson -> (a copy of the release's gradebook with one student submitted, its graded grade ids)."""
    books = {}
    for lesson in LESSONS:
        path = tmp_path_factory.mktemp("judge") / "gradebook.db"
        shutil.copy(graded_class.released(tmp_path_factory, lesson) / "gradebook.db", path)
        with Gradebook(f"sqlite:///{path}") as gb, warnings.catch_warnings():
            # nbgrader 0.9.6's add_submission trips SQLAlchemy's autoflush warning (as `autograde` does)
            warnings.simplefilter("ignore", SAWarning)
            gb.add_student("s1")
            gb.add_submission(lesson, "s1")
            grade_ids = [cell.name for cell in gb.find_notebook(lesson, lesson).grade_cells]
        books[lesson] = (path, grade_ids)
    return books


def right_answer(grade_id):
    """What an honest kernel records for grade_id with SEED (None for quizzes and viewed answers)."""
    exercise = DECLARED.get(grade_id)
    if exercise is None or exercise.reading is not None:
        return None
    return plain(exercise.answer(exercise.inputs(rng_for(SEED, exercise.name))))


def leaves(value, path=()):
    """Paths to the numbers and strings of a plain JSON value."""
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in leaves(item, (*path, index))]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in leaves(item, (*path, key))]
    return [path]


def replaced(value, path, new):
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


def score(tmp_path, gradebooks, lesson, answers, text=None):
    path, _ = gradebooks[lesson]
    file = tmp_path / "nnhelpers-answers.json"
    file.write_text(text if text is not None else json.dumps({"seed": SEED, "answers": answers}))
    rows = scores.score_submission(lesson, tmp_path / f"{lesson}.ipynb", file, path, "s1", SEED)
    return {grade_id: (points, max_points, reason) for grade_id, points, max_points, reason in rows}


def check_rows(rows, gradebooks, lesson):
    assert list(rows) == gradebooks[lesson][1]
    for points, max_points, reason in rows.values():
        assert points in (0.0, max_points) and isinstance(reason, str) and reason


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lesson=st.sampled_from(LESSONS), data=st.data())
def test_a_hostile_value_in_a_right_answer_earns_nothing_and_breaks_nothing(
    tmp_path, gradebooks, lesson, data
):
    grade_ids = [gid for gid in gradebooks[lesson][1] if right_answer(gid) is not None]
    answers = {gid: right_answer(gid) for gid in grade_ids}
    spoilt = data.draw(st.sampled_from(grade_ids))
    where = data.draw(st.sampled_from(leaves(answers[spoilt])))
    new = data.draw(HOSTILE)
    old = answers[spoilt]
    for key in where:
        old = old[key]
    assume(new != old)
    answers[spoilt] = replaced(answers[spoilt], where, new)
    rows = score(tmp_path, gradebooks, lesson, answers)
    check_rows(rows, gradebooks, lesson)
    assert rows[spoilt][0] == 0
    assert all(
        rows[gid][0] == rows[gid][1] for gid in grade_ids if gid != spoilt
    )  # the others count


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lesson=st.sampled_from(LESSONS),
    recorded=st.dictionaries(st.text(max_size=30), ANY_JSON, max_size=8),
    declared=st.dictionaries(st.sampled_from(sorted(DECLARED)), ANY_JSON | HOSTILE, max_size=8),
)
def test_any_results_file_scores_every_cell_zero_or_full(
    tmp_path, gradebooks, lesson, recorded, declared
):
    check_rows(score(tmp_path, gradebooks, lesson, {**recorded, **declared}), gradebooks, lesson)


@pytest.mark.parametrize(
    "text",
    [
        '{"seed": 4321, "answers": {"check_relu": '
        + "9" * 5000
        + "}}",  # past Python's digit limit
        '{"seed": 4321, "answers": {"check_relu": ' + "[" * 100_000 + "]" * 100_000 + "}}",
        '{"seed": 4321, "answers": {"check_relu": 1e999}}',
        '{"seed": 4321, "answers": []}',
    ],
)
def test_a_file_the_parser_refuses_scores_everything_zero(tmp_path, gradebooks, text):
    rows = score(tmp_path, gradebooks, LESSONS[0], None, text=text)
    check_rows(rows, gradebooks, LESSONS[0])
    assert not any(points for points, _, _ in rows.values())


def test_right_answers_still_score(tmp_path, gradebooks):
    lesson = LESSONS[1]
    answers = {
        gid: right_answer(gid) for gid in gradebooks[lesson][1] if right_answer(gid) is not None
    }
    rows = score(tmp_path, gradebooks, lesson, answers)
    assert answers and all(rows[gid][0] == rows[gid][1] > 0 for gid in answers)


@given(ANY_JSON | HOSTILE)
def test_bounded_values_are_plain_finite_shallow_and_few(value):
    checked = results.answers({"check_x": value})["check_x"]
    if isinstance(checked, results.Invalid):
        assert checked.reason.startswith("the recorded answer holds ")
        return

    def walk(item, depth):
        assert depth <= results.MAX_DEPTH
        if isinstance(item, float):
            assert math.isfinite(item) and abs(item) <= results.MAX_NUMBER
        if isinstance(item, int) and not isinstance(item, bool):
            assert abs(item) <= results.MAX_NUMBER
        if isinstance(item, str):
            assert len(item) <= results.MAX_STRING
        children = (
            item
            if isinstance(item, list)
            else list(item.values())
            if isinstance(item, dict)
            else []
        )
        return 1 + sum(walk(child, depth + 1) for child in children)

    assert walk(checked, 0) <= results.MAX_VALUES
    assert checked == value
