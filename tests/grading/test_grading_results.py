"""The judge cannot be crashed by a value: hostile judge-run replies, generated from the declared
exercises (nnhelpers.exercises: the right answer of each graded test cell, with hostile values put in), are scored through the trusted path
(scores.score_submission, on the gradebook of the grading suites' release).

A fake runner stands in for the sandboxed judge run (judge.sandboxed_runner): it answers the request
as an honest harness would, from the request's own seed, except for the parts a test spoils. Whatever the
reply holds (huge integers, 1e999, NaN, empty lists, deep nesting, long strings, text that is not
JSON), every test cell gets 0 or its full points and a reason, nothing raises, an answer with a hostile
value in it never earns points, and the right answers beside it still score. Property-based
(Hypothesis); no sandbox, no kernel: fast.
"""

import json
import math
import shutil
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from nnhelpers.exercises import exercise, exercises, plain, rng_for
from tests.grading import graded_class
from tools.grading import judge, results, scores

LESSONS = ["01_single_neuron", "02_dense_layer", "03_network_2_2_1"]
HOSTILE = st.one_of(
    st.integers(min_value=10**101, max_value=10**1000),
    st.integers(max_value=-(10**101)),
    st.floats(allow_nan=True, allow_infinity=True).filter(
        lambda x: not math.isfinite(x) or abs(x) > results.MAX_NUMBER
    ),
    st.just([]),
    st.just({}),
    st.just(None),
    st.text(min_size=1001, max_size=1500),
    st.integers(min_value=9, max_value=40).map(lambda depth: json.loads("[" * depth + "]" * depth)),
    st.just(list(range(results.MAX_VALUES + 1))),
)
HONEST = object()
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory):
    """lesson -> (a copy of the release's gradebook with one student submitted, its graded grade ids,
    the released notebook: its solution cells have the grade ids the judge looks for)."""
    books = {}
    for lesson in LESSONS:
        root = graded_class.released(tmp_path_factory, lesson)
        path = tmp_path_factory.mktemp("judge") / "gradebook.db"
        shutil.copy(root / "gradebook.db", path)
        with Gradebook(f"sqlite:///{path}") as gb, warnings.catch_warnings():
            # nbgrader 0.9.6's add_submission trips SQLAlchemy's autoflush warning (as `autograde` does)
            warnings.simplefilter("ignore", SAWarning)
            gb.add_student("s1")
            gb.add_submission(lesson, "s1")
            grade_ids = [cell.name for cell in gb.find_notebook(lesson, lesson).grade_cells]
        books[lesson] = (path, grade_ids, root / "release" / lesson / f"{lesson}.ipynb")
    return books


def right_reply(name, seed):
    """What an honest harness replies for exercise `name` on the inputs of `seed`."""
    declared = exercise(name)
    return {"answer": plain(declared.answer(declared.inputs(rng_for(seed, declared.name))))}


def fake_runner(spoil=None):
    """A runner (request -> reply text) answering as an honest harness, except where spoil(grade_id,
    honest part) gives the text of one part of the reply (grade_id None: the quiz answers; HONEST: the
    honest part; None: no reply at all, as a run stopped on time). Records the grade ids it was asked
    for."""

    def run(request):
        called = [name for cell in request["cells"] for name in cell["then"]]
        honest = {f"check_{name}": right_reply(name, request["seed"]) for name in called}
        honest[None] = {}
        texts = {}
        for grade_id, reply in honest.items():
            text = spoil(grade_id, reply) if spoil else HONEST
            if text is None:
                return None
            texts[grade_id] = json.dumps(reply) if text is HONEST else text
        run.asked.extend(honest)
        return json.dumps(
            {
                "exercises": {name: texts[f"check_{name}"] for name in called},
                "values": texts[None],
            }
        )

    run.asked = []
    return run


def scored(tmp_path, gradebooks, lesson, runner):
    path, _, released = gradebooks[lesson]
    rows = scores.score_submission(
        lesson, tmp_path / f"{lesson}.ipynb", path, "s1", released, runner
    )
    return {grade_id: (points, max_points, reason) for grade_id, points, max_points, reason in rows}


def judged_right(lesson):
    """Test cells whose honest reply the fake runner computes (the declared exercises; quizzes are left
    out)."""
    return [f"check_{ex.name}" for ex in exercises(lesson)]


def check_rows(rows, gradebooks, lesson):
    assert list(rows) == gradebooks[lesson][1]
    for points, max_points, reason in rows.values():
        assert points in (0.0, max_points) and isinstance(reason, str) and reason


def leaves(value, path=()):
    """Paths to the numbers and strings of a plain JSON value."""
    if isinstance(value, list) and value:
        return [p for index, entry in enumerate(value) for p in leaves(entry, (*path, index))]
    if isinstance(value, dict) and value:
        return [p for key, entry in value.items() for p in leaves(entry, (*path, key))]
    return [path]


def at(value, path):
    for key in path:
        value = value[key]
    return value


def replaced(value, path, new):
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


def test_right_answers_still_score(tmp_path, gradebooks):
    for lesson in LESSONS:
        runner = fake_runner()
        rows = scored(tmp_path, gradebooks, lesson, runner)
        check_rows(rows, gradebooks, lesson)
        right = [grade_id for grade_id in rows if grade_id in judged_right(lesson)]
        assert right, f"{lesson}: no test cell the fake runner answers"
        assert all(rows[gid][0] == rows[gid][1] > 0 for gid in right), {
            gid: rows[gid] for gid in right
        }
        assert set(right) <= set(runner.asked)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lesson=st.sampled_from(LESSONS), data=st.data())
def test_a_hostile_value_in_a_right_answer_earns_nothing_and_breaks_nothing(
    tmp_path, gradebooks, lesson, data
):
    grade_ids = [gid for gid in gradebooks[lesson][1] if gid in judged_right(lesson)]
    spoilt = data.draw(st.sampled_from(grade_ids))
    new = data.draw(HOSTILE)
    pick = data.draw(
        st.integers(min_value=0, max_value=10**6)
    )  # the inputs' sizes vary with the seed
    unchanged = []

    def spoil(grade_id, reply):
        if grade_id != spoilt:
            return HONEST
        where = leaves(reply["answer"])
        where = where[pick % len(where)]
        unchanged.append(new == at(reply["answer"], where))
        return json.dumps({"answer": replaced(reply["answer"], where, new)})

    rows = scored(tmp_path, gradebooks, lesson, fake_runner(spoil))
    check_rows(rows, gradebooks, lesson)
    assert unchanged == [False] or unchanged == [True] and rows[spoilt][0] == rows[spoilt][1]
    assert unchanged == [True] or rows[spoilt][0] == 0
    assert all(
        rows[gid][0] == rows[gid][1] for gid in grade_ids if gid != spoilt
    )  # the others count


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lesson=st.sampled_from(LESSONS), replies=st.lists(ANY_JSON | HOSTILE, min_size=1, max_size=20)
)
def test_any_reply_scores_every_cell_zero_or_full(tmp_path, gradebooks, lesson, replies):
    queue = iter(replies)

    def spoil(grade_id, reply):
        value = next(queue, None)
        return json.dumps(value if value is None else {"answer": value, "values": value})

    check_rows(scored(tmp_path, gradebooks, lesson, fake_runner(spoil)), gradebooks, lesson)


@pytest.mark.parametrize(
    "text",
    [
        '{"answer": ' + "9" * 5000 + "}",  # past Python's digit limit
        '{"answer": ' + "[" * 100_000 + "]" * 100_000 + "}",  # past the parser's recursion limit
        '{"answer": 1e999}',
        '{"answer": NaN}',
        '{"answer": [[[[[[[[[1]]]]]]]]]}',
        "[]",
        "",
        "not JSON",
        '{"answer": "' + "x" * 2000 + '"}',
        '{"values": {"answer_1": "' + "a" * 2000 + '"}}',
        None,
    ],
)
def test_a_reply_the_judge_refuses_scores_nothing(tmp_path, gradebooks, text):
    lesson = LESSONS[0]
    rows = scored(tmp_path, gradebooks, lesson, fake_runner(lambda grade_id, reply: text))
    check_rows(rows, gradebooks, lesson)
    assert not any(points for points, _, _ in rows.values())


def test_an_out_of_bounds_reply_says_why():
    def read(text):
        return judge.part({"exercises": {"relu": text}}, "exercises", "relu")

    assert read('{"answer": 1e999}') == {
        "error": "the judge run's reply holds a number that is not finite or larger than 1e+100: not judged"
    }
    assert "nested more than" in read('{"answer": ' + "[" * 20 + "]" * 20 + "}")["error"]
    assert read('{"answer": [1.5, null]}') == {"answer": [1.5, None]}


@given(ANY_JSON | HOSTILE)
def test_bounded_values_are_plain_finite_shallow_and_few(value):
    try:
        checked = results.bounded(value)
    except results.TooLarge:
        return

    def walk(entry, depth):
        assert depth <= results.MAX_DEPTH
        if isinstance(entry, float):
            assert math.isfinite(entry) and abs(entry) <= results.MAX_NUMBER
        if isinstance(entry, int) and not isinstance(entry, bool):
            assert abs(entry) <= results.MAX_NUMBER
        if isinstance(entry, str):
            assert len(entry) <= results.MAX_STRING
        children = (
            entry
            if isinstance(entry, list)
            else list(entry.values())
            if isinstance(entry, dict)
            else []
        )
        return 1 + sum(walk(child, depth + 1) for child in children)

    assert walk(checked, 0) <= results.MAX_VALUES
    assert checked == value
