"""One test walks every declared exercise (nnhelpers.exercises): the instructor's solution passes the
self-check and the judge run; the engine's answer is right; every named mistake is diagnosed as itself
by the self-check (its message, not its fix, on the first failure; the fix on a repeat) and by the
trusted judgement outside the kernel; a blank stub scores 0 ("blank"); every hint name resolves.
"""

import copy
import json
import re
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

import nnhelpers as nh
from nnhelpers.exercises import exercises, hints, plain, rng_for
from nnhelpers.exercises import selfcheck as self_check
from tests.grading.submissions import (
    strip_markers,
)  # (and the repository on sys.path, for tools.grading)
from tools.grading.judge import (
    judge_submission,
    judgement,
    lesson_context,
    local_runner,
    part,
    solution_cells,
)

ROOT = Path(__file__).resolve().parents[2]
NAMES = [ex.name for ex in exercises()]
UNBOUND = object()
SOLUTION = re.compile(
    r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION\n?", flags=re.MULTILINE | re.DOTALL
)


def notebook(lesson):
    return nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)


def instructor_cells(lesson, blank=()):
    """[(grade_id, source)] of the lesson's solution cells: the instructor's solutions, or stubs in
    the cells named in `blank`."""
    return [
        (gid, stub(source) if gid in blank else strip_markers(source))
        for gid, source in solution_cells(notebook(lesson))
    ]


def stub(source):
    """What a student receives: each solution region replaced by nbgrader's stub."""
    return SOLUTION.sub(
        lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n", source
    )


def student_object(exercise, cells):
    """The object the lesson's cells (up to the exercise's own) define under the exercise's name, on
    the preamble and the lesson's context the judge run gives it."""
    namespace = {}
    own = dict(cells)[exercise.cell]
    exec(exercise.preamble + lesson_context(notebook(exercise.lesson), own), namespace)
    for gid, source in cells:
        try:
            exec(source, namespace)
        except (
            NotImplementedError
        ):  # a stub at a cell's top level (a value not picked yet): the judge
            pass  # run carries on the same way
        if gid == exercise.cell:
            return namespace.get(
                exercise.solution, UNBOUND
            )  # a stub class body raised before the name was bound
    raise AssertionError(f"no solution cell {exercise.cell} in {exercise.lesson}")


@pytest.fixture(autouse=True)
def fresh_hints(monkeypatch):
    for state in ("_given", "_mistake", "_failures"):
        monkeypatch.setattr(hints, state, {})
    monkeypatch.setattr(hints, "_lesson", [])


def test_every_lesson_module_declares_exercises_with_unique_names():
    assert NAMES == list(dict.fromkeys(NAMES)) and len(NAMES) >= 8
    assert {ex.lesson for ex in exercises()} >= {"01_single_neuron", "02_dense_layer"}


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_cells_follow_the_declaration(name):
    exercise = nh.exercises.exercise(name)
    cells = {
        cell.metadata["nbgrader"]["grade_id"]: cell
        for cell in notebook(exercise.lesson).cells
        if "nbgrader" in cell.metadata
    }
    assert cells[exercise.cell].metadata["nbgrader"]["solution"]
    test = cells[f"check_{name}"]
    assert test.metadata["nbgrader"]["grade"] and test.metadata["nbgrader"]["points"] > 0
    header = [line for line in test.source.splitlines() if line.startswith("#")]
    assert test.source.startswith("# Self-check") and f'nh.hint("{name}")' in "\n".join(header)
    assert f'nh.check("{name}", {exercise.solution})' in test.source


@pytest.mark.parametrize("name", NAMES)
def test_the_instructor_solution_passes_the_self_check_and_a_stub_is_not_written(name, capsys):
    exercise = nh.exercises.exercise(name)
    cells = instructor_cells(exercise.lesson)
    nh.check(name, student_object(exercise, cells))
    assert capsys.readouterr().out.startswith(f"{name}: right.")
    blank = instructor_cells(exercise.lesson, blank=[exercise.cell])
    assert blank != cells
    stub_object = student_object(exercise, blank)
    if stub_object is UNBOUND:  # lesson 08's FixedNet: the stub raises in the class body itself
        assert exercise.name == "mystery_fixed"
        return
    with pytest.raises(nh.CheckFailed, match="is not written yet"):
        nh.check(name, stub_object)


@pytest.mark.parametrize("name", NAMES)
def test_every_named_mistake_is_diagnosed_as_itself_in_the_kernel(name):
    exercise = nh.exercises.exercise(name)
    inputs = exercise.inputs(rng_for(self_check.SELF_CHECK_SEED, name))
    assert self_check.feedback(exercise, plain(exercise.answer(inputs)), [], inputs) == (None, None)
    assert exercise.mistakes, f"{name} declares no mistakes"
    for mistake in exercise.mistakes:
        assert mistake.hint not in mistake.message and mistake.message not in mistake.hint
        got = plain(mistake.answer(inputs))
        message, diagnosed = self_check.feedback(exercise, got, [], inputs)
        assert diagnosed == mistake.name, (name, mistake.name, message)
        assert mistake.message in message and mistake.hint not in message
        assert f"{exercise.solution} is wrong for {exercise.describe(inputs)}:" in message
        first = hints.note_result(name, diagnosed)
        assert mistake.hint not in first and f'nh.hint("{name}")' in first
        assert mistake.hint in hints.note_result(name, diagnosed)  # the same mistake again: the fix


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [3, 2**31 - 1])
def test_every_named_mistake_is_diagnosed_as_itself_by_the_trusted_judge(name, seed):
    """The judge's inputs come from another seed; the answer crosses a JSON round trip as the judge
    run's reply does."""
    exercise = nh.exercises.exercise(name)
    inputs = exercise.inputs(rng_for(seed, name))
    reply = json.loads(json.dumps({"answer": plain(exercise.answer(inputs))}))
    assert judgement(exercise, reply, seed).verdict == "right"
    for mistake in exercise.mistakes:
        reply = json.loads(json.dumps({"answer": plain(mistake.answer(inputs))}))
        judged = judgement(exercise, reply, seed)
        assert (judged.verdict, judged.mistake) == ("mistake", mistake.name), judged.reason
        assert mistake.message in judged.reason


# The initializers' answers are statistics of large draws: 25 seeds of them take minutes.
SEEDS_JUDGED = {"he_init": 6, "xavier_init": 6}


def computed_once(exercise):
    """The exercise with its answer and its mistakes' answers each computed on the first call only
    (and copied out): the judge computes them all for every reply it reads, and a test that asks it
    about every mistake on one seed's inputs would compute each of them once per mistake."""

    def once(function):
        memo = []

        def call(inputs):
            if not memo:
                memo.append(function(inputs))
            return copy.deepcopy(memo[0])

        return call

    mistakes = [replace(m, answer=once(m.answer)) for m in exercise.mistakes]
    return replace(exercise, answer=once(exercise.answer), mistakes=mistakes)


@pytest.mark.parametrize("name", NAMES)
def test_on_many_grader_seeds_every_declared_answer_is_read_and_judged_as_itself(name):
    """The judge reads a reply only within results.bounded's bounds: on the inputs of any seed the
    grader may draw, the right answer and every declared mistake stay within them and are named (or
    listed among mistakes that give the same answer there), never judged "error" or right: lesson
    04's train climbed past the bound from a third of the seeds, and dense_backward's
    dinputs_abs_weights was right whenever every weight came out positive."""
    declared = nh.exercises.exercise(name)
    for seed in range(100, 100 + SEEDS_JUDGED.get(name, 25)):
        exercise = computed_once(declared)  # every call below draws the same inputs, from seed
        inputs = exercise.inputs(rng_for(seed, name))
        for expected, answer in [(None, exercise.answer)] + [
            (mistake.name, mistake.answer) for mistake in exercise.mistakes
        ]:
            reply = {"exercises": {name: json.dumps({"answer": plain(answer(inputs))})}}
            judged = judgement(exercise, part(reply, "exercises", name), seed)
            alike = judged.reason.partition("known mistakes alike: ")[2].split(", ")
            assert judged.mistake == expected or expected in alike, (seed, expected, judged.reason)


@pytest.mark.parametrize("name", NAMES)
def test_every_hint_name_resolves_and_the_first_hint_targets_the_mistake_just_made(name, capsys):
    exercise = nh.exercises.exercise(name)
    for asked in (name, f"check_{name}", *exercise.also):
        assert hints.find(asked) is exercise, asked
    sharing = [ex for ex in exercises(exercise.lesson) if ex.solution == exercise.solution]
    assert hints.find(exercise.solution) is sharing[0]  # a class of several exercises: the first
    assert len(exercise.hints) >= 2
    inputs = exercise.inputs(rng_for(self_check.SELF_CHECK_SEED, name))
    mistake = exercise.mistakes[-1]
    _, diagnosed = self_check.feedback(exercise, plain(mistake.answer(inputs)), [], inputs)
    hints.note_result(name, diagnosed)
    assert hints.find(exercise.solution) is exercise  # ... or the one whose check failed last
    nh.hint(name)
    nh.hint(name)
    first, second = capsys.readouterr().out.splitlines()
    assert f"({mistake.name}): {mistake.hint}" in first
    assert second == f"Hint 1 of {len(exercise.hints)} for {name}: {exercise.hints[0]}"


def test_hints_take_the_students_function_class_or_method_and_a_wrong_name_lists_this_lesson():
    class Neuron:
        def activate(self, x):
            return x

    assert hints.find(Neuron).name == "neuron" and hints.find(Neuron().activate).name == "neuron"
    assert hints.find("Neuron.activate").name == "neuron"

    def dense_backward(dvalues, X, weights):
        return X

    assert hints.find(dense_backward).name == "dense_backward"
    with pytest.raises(ValueError) as error:
        nh.hint("NoSuchNet")  # no lesson at hand yet: every lesson's exercises
    assert "01_single_neuron: sigmoid," in str(error.value)
    nh.hint(dense_backward)  # now lesson 02 is at hand
    with pytest.raises(ValueError) as error:
        nh.hint("NoSuchNet")
    assert (
        "in 02_dense_layer: dense_forward, dense_backward, relu_backward, numerical_gradient"
        in str(error.value)
    )
    assert "sigmoid" not in str(error.value)


@pytest.mark.parametrize("lesson", sorted({ex.lesson for ex in exercises()}))
def test_the_judge_run_gives_the_instructor_full_marks_and_a_blank_copy_nothing(lesson, tmp_path):
    nb, blank = notebook(lesson), notebook(lesson)
    for solved_cell, blank_cell in zip(nb.cells, blank.cells):
        if solved_cell.metadata.get("nbgrader", {}).get("solution"):
            solved_cell.source = strip_markers(solved_cell.source)
            blank_cell.source = stub(blank_cell.source)
    run = local_runner(tmp_path)
    judged, values = judge_submission(lesson, nb, 99, run, notebook(lesson))
    assert {name: j.verdict for name, j in judged.items()} == {
        ex.name: "right" for ex in exercises(lesson)
    }
    quizzes = {
        cell.metadata["nbgrader"]["grade_id"]
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")
    }
    assert set(values) == quizzes and all(len(letter) == 1 for letter in values.values())
    judged, values = judge_submission(lesson, blank, 99, run, notebook(lesson))
    assert {name: j.verdict for name, j in judged.items()} == {
        ex.name: "blank" for ex in exercises(lesson)
    }
    assert values == {}
