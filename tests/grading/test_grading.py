"""The grading round trip, through real nbgrader runs: release, submit, autograde, export.

One session-wide run serves every test: each graded lesson is released into a temporary course of
its own, a handful of made-up students submit beside the hostile suite's, and the class is autograded
once (tests/graded_class.py).
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from tests.grading import graded_class
from tests.grading.submissions import (
    ROOT,
    cells_by_id,
    points,
    solved,
    source_notebook,
    strip_markers,
    submit,
)
from tools.course import graded_lessons

LESSONS = [path.stem for path in graded_lessons()]

# Known-wrong answers: grade_id of the answer cell -> (wrong version, grade_ids of the test cells it must fail).
# The wrong version is a replacement source, or a pair (old, new) of text to change in the solution.
WRONG = {
    "01_single_neuron": {
        "relu": ("def relu(z):\n    return np.abs(z)\n", ["check_relu"]),
        "answer_init": ('answer_init = "a"\n', ["check_answer_init"]),
    },
    "02_dense_layer": {
        "dense_backward": (
            "def dense_backward(dvalues, X, weights):\n"
            "    dweights = X.T @ dvalues / len(X)\n"
            "    dbiases = np.mean(dvalues, axis=0, keepdims=True)\n"
            "    dinputs = dvalues @ weights.T\n"
            "    return dweights, dbiases, dinputs\n",
            ["check_dense_backward"],
        ),
        "relu_backward": (
            "def relu_backward(dvalues, z):\n    return dvalues * (z >= 0)\n",
            ["check_relu_backward"],
        ),
        "numerical_gradient": (
            "def numerical_gradient(f, x, h=1e-5):\n"  # a forward difference
            "    grad, base = np.zeros_like(x), f()\n"
            "    for index in np.ndindex(x.shape):\n"
            "        original = x[index]\n"
            "        x[index] = original + h\n"
            "        grad[index] = (f() - base) / h\n"
            "        x[index] = original\n"
            "    return grad\n",
            ["check_numerical_gradient"],
        ),
    },
    "03_network_2_2_1": {
        "backward_2_2_1": (
            "def backward_2_2_1(x, y, params, cache):\n"
            "    d2 = cache['y_hat'] - y\n"
            "    d1 = (params['W2'] @ d2) * cache['a1'] * (1 - cache['a1'])\n"
            "    return {'delta2': d2, 'dW2': np.outer(cache['a1'], d2), 'db2': d2,\n"
            "            'delta1': d1, 'dW1': np.outer(x, d1), 'db1': d1}\n",
            ["check_backward_2_2_1"],
        ),
        "update": ("def update(params, grads, eta):\n    return dict(params)\n", ["check_update"]),
        # the output's ReLU slope taken as 1 everywhere: wrong where the output is off
        "relu_output_step": (("* (z2 > 0)", "* 1.0"), ["check_relu_output_step"]),
    },
    "04_letters_abc": {
        "network": (
            (
                "delta2 = 2.0 * (outputs - Y) / outputs.size",
                "delta2 = 2.0 * outputs / outputs.size",
            ),
            ["check_backward"],
        ),
    },
    "05_initialization": {
        "he_init": (
            "def he_init(n_inputs, n_neurons, rng):\n"
            "    return rng.normal(0.0, np.sqrt(2.0 / n_neurons), size=(n_inputs, n_neurons))\n",
            ["check_he_init"],
        ),
    },
    "06_learning_rate": {
        "lr_choice": ("lr_choice = 0.001\n", ["check_lr_choice"]),
    },
    "07_activations": {
        "leaky_relu_derivative": (
            "def leaky_relu_derivative(z, alpha=0.01):\n    return np.where(z >= 0, 1.0, alpha)\n",
            ["check_leaky_relu_derivative"],
        ),
    },
    "08_debugging_backprop": {
        "flatten_images": (
            "def flatten_images(images):\n    return np.vstack(images)\n",
            ["check_flatten_images"],
        ),
        "train_step": (
            "def train_step(net, X, Y, lr):\n    A2 = net.forward(X)\n    loss = net.loss(A2, Y)\n"
            "    net.backward\n    net.update(lr)\n    return loss\n",
            ["check_train_step"],
        ),
        "update_parameters": (
            "def update_parameters(params, grads, lr):\n    for name in ('W1', 'W2'):\n"
            "        params[name] -= lr * grads[name]\n",
            ["check_update_parameters"],
        ),
        "relu_derivative_from_output": (
            "def relu_derivative_from_output(A):\n    return (A >= 0).astype(float)\n",
            ["check_relu_derivative_from_output"],
        ),
        # half a fix: the update is repaired, tanh's derivative is not
        "mystery_fixed": (("(1.0 - self.A1 ** 2)", "(1.0 - self.A1)"), ["check_mystery_fixed"]),
    },
}

# On lesson 01 the student with known-wrong answers also has an answer cell that loops for ever (its
# first): it must be stopped, failing its test cell. Stopping a cell is the same in every lesson (the
# kernel's interrupt, then the judge run's alarm), and a loop keeps a core busy for a whole cell timeout
# in each, so the other lessons' students have the known-wrong answers alone.
LOOP_LESSONS = ["01_single_neuron"]

# Cheating submissions, graded on lesson 01 (what they attack, the kernel and the self-checks, is
# the same in every lesson). Each is a cell the student adds after the imports, on a blank copy (it
# must score 0) or on an honest one (it scores what the honest answers deserve).
CHEAT_LESSONS = ["01_single_neuron"]
ALWAYS_EQUAL = (
    "class AlwaysEqual(str):\n    def __eq__(self, other):\n        return True\n\n"
    "    __hash__ = str.__hash__\n"
)
CHEATS = {
    "numpy_patched": "import numpy\nnumpy.allclose = numpy.isclose = numpy.array_equal = lambda *a, **k: True\n",
    "builtins_shadowed": "abs = lambda x: 0\nall = lambda x: True\nisinstance = lambda *a: True\n",
    "always_equal_quiz": ALWAYS_EQUAL,  # and every quiz answer an AlwaysEqual (see cheating())
    "input_transformer": (
        "get_ipython().input_transformers_cleanup.append(\n"
        "    lambda lines: ['pass\\n'] if any('Do not edit' in l for l in lines) else lines)\n"
    ),
    "run_cell_wrapped": (
        "_ip = get_ipython()\n_run = _ip.run_cell\n\n\n"
        "def _quiet(*args, **kwargs):\n    result = _run(*args, **kwargs)\n"
        "    result.error_in_exec = result.error_before_exec = None\n    return result\n\n\n"
        "_ip.run_cell = _quiet\n_ip.showtraceback = lambda *a, **k: None\n"
    ),
    "self_checks_patched": (
        "import nnhelpers\nnnhelpers.check = nnhelpers.check_quiz_answer = lambda *a, **k: None\n"
    ),
}
# No cheat on an honest copy costs it anything: the points come from a judge run of the solution
# cells alone (tools/grading/judge.py), so silenced test cells or patched self-checks change nothing.

pytestmark = pytest.mark.slow


def looping(source):
    """(grade_id of the answer cell that loops, [grade_id of the test cell that fails with it])."""
    graded = [c.metadata["nbgrader"] for c in source.cells if "nbgrader" in c.metadata]
    return (
        next(m["grade_id"] for m in graded if m.get("solution")),
        [next(m["grade_id"] for m in graded if m.get("grade"))],
    )


def wrong_checks(lesson):
    """The grade_ids of the test cells that the known-wrong answers of `lesson` must fail."""
    return [gid for _, gids in WRONG[lesson].values() for gid in gids]


def wrong_student(lesson):
    """The id of the student with the known-wrong answers of `lesson` (and the loop, in LOOP_LESSONS)."""
    return "wrong_and_looping" if lesson in LOOP_LESSONS else "wrong"


def submissions(lesson, source, release):
    """student id -> the notebook that student hands in."""
    tampered = nbformat.from_dict(release)
    for cell in cells_by_id(tampered).values():
        if cell.metadata["nbgrader"].get("grade"):
            cell.source = "pass"
    deleted = solved(release, source)
    first_test = next(c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade"))
    deleted.cells.remove(first_test)
    wrong = solved(release, source)
    if lesson in LOOP_LESSONS:
        cells_by_id(wrong)[looping(source)[0]].source = "while True:\n    pass\n"
    for grade_id, (replacement, _) in WRONG.get(lesson, {}).items():
        cell = cells_by_id(wrong)[grade_id]
        if isinstance(replacement, tuple):
            old, new = replacement
            assert old in cell.source, f"{lesson}: {old!r} is not in the solution of {grade_id}"
            cell.source = cell.source.replace(old, new)
        else:
            cell.source = replacement
    return {
        "instructor": source,
        "blank": release,
        "tampered": tampered,
        "solved_deleted": deleted,
        wrong_student(lesson): wrong,
    }


def with_cell(nb, source, at):
    nb = nbformat.from_dict(nb)
    nb.cells.insert(at, nbformat.v4.new_code_cell(source))
    return nb


# The judge run executes the answer cells only (not the cell the cheat adds), so each answer cell
# defines the class itself: the AlwaysEqual answer reaches the judge.
QUIZ_ALWAYS_EQUAL = (
    "class AlwaysEqual(str):\n    def __eq__(self, other):\n        return True\n\n\n"
)


def quiz_answers(nb, letter):
    """Every quiz answer cell set to AlwaysEqual(letter), or to its own right letter when letter is None."""
    for grade_id, cell in cells_by_id(nb).items():
        if grade_id.startswith("answer_") and cell.metadata["nbgrader"].get("solution"):
            right = re.search(r'= "(\w)"', cell.source)
            cell.source = (
                QUIZ_ALWAYS_EQUAL + f"{grade_id} = AlwaysEqual({letter or right.group(1)!r})\n"
            )
    return nb


def after_imports(release):
    return next(i for i, c in enumerate(release.cells) if c.cell_type == "code") + 1


def cheating(source, release):
    """student id -> notebook: every cheat on a blank copy ("cheat_blank_*") and on an honest one."""
    honest, at = solved(release, source), after_imports(release)
    students = {}
    for name, code in CHEATS.items():
        students[f"cheat_blank_{name}"] = with_cell(release, code, at)
        students[f"cheat_honest_{name}"] = with_cell(honest, code, at)
    quiz_answers(
        students["cheat_blank_always_equal_quiz"], "a"
    )  # wrong in every quiz of these lessons
    for grade_id, cell in cells_by_id(students["cheat_honest_always_equal_quiz"]).items():
        if grade_id.startswith("answer_") and cell.metadata["nbgrader"].get("solution"):
            cell.source = strip_markers(cells_by_id(source)[grade_id].source)
    quiz_answers(students["cheat_honest_always_equal_quiz"], None)
    return students


def forged_results(lesson, source):
    """The right answers of the instructor's solution for seed 0 (the seed without a grader), as a file
    handed in next to a blank notebook."""
    from nnhelpers.exercises import exercises, plain, rng_for

    answers = {
        f"check_{ex.name}": plain(ex.answer(ex.inputs(rng_for(0, ex.name))))
        for ex in exercises(lesson)
    }
    return json.dumps({"seed": 0, "answers": answers})


def build_class(root, lesson, release, source, port):
    """The round trip's students of one lesson, handed in under root/submitted/."""
    students = submissions(lesson, source, release)
    if lesson in CHEAT_LESSONS:
        students.update(cheating(source, release), cheat_blank_forged_results_file=release)
    for student, nb in students.items():
        submit(root, student, lesson, nb)
    if lesson in CHEAT_LESSONS:
        forged = (
            root
            / "submitted"
            / "cheat_blank_forged_results_file"
            / lesson
            / "nnhelpers-answers.json"
        )
        forged.write_text(forged_results(lesson, source))


for _lesson in LESSONS:
    # Without bubblewrap the round trip still checks the scores, with a warning (SANDBOX=off).
    graded_class.register(_lesson, build_class)


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """(lesson -> course root, (lesson, student) -> CSV row), from the class graded once per session."""
    # The lesson with the cheat cases has four times the students: it starts first.
    order = sorted(LESSONS, key=lambda lesson: lesson not in CHEAT_LESSONS)
    summaries = graded_class.graded(tmp_path_factory, order)
    roots = {lesson: Path(summary["root"]) for lesson, summary in summaries.items()}
    rows = [row for root in roots.values() for row in graded_class.csv_rows(root / "grades.csv")]
    return roots, {(row["assignment"], row["student_id"]): row for row in rows}


def score(course, lesson, student):
    return float(course[1][(lesson, student)]["score"])


def autograded_cell_ids(course, lesson, student):
    nb = nbformat.read(
        course[0][lesson] / "autograded" / student / lesson / f"{lesson}.ipynb", as_version=4
    )
    return list(cells_by_id(nb))


def test_every_graded_lesson_is_graded_and_has_known_wrong_answers():
    assert {
        "01_single_neuron",
        "02_dense_layer",
        "03_network_2_2_1",
        "04_letters_abc",
        "05_initialization",
        "06_learning_rate",
        "07_activations",
        "08_debugging_backprop",
    } <= set(LESSONS)
    assert set(LESSONS) <= set(WRONG)


@pytest.mark.parametrize("lesson", LESSONS)
def test_instructor_copy_gets_full_marks(course, lesson):
    row = course[1][(lesson, "instructor")]
    assert float(row["max_score"]) == points(lesson) > 0
    assert score(course, lesson, "instructor") == points(lesson)


@pytest.mark.parametrize("lesson", LESSONS)
def test_blank_release_scores_zero(course, lesson):
    assert score(course, lesson, "blank") == 0


@pytest.mark.parametrize("lesson", LESSONS)
def test_test_cells_edited_to_pass_are_restored(course, lesson):
    assert score(course, lesson, "tampered") == 0


@pytest.mark.parametrize("lesson", LESSONS)
def test_deleted_test_cell_is_restored_and_scored(course, lesson):
    source_ids = [
        gid
        for gid, c in cells_by_id(nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", 4)).items()
    ]
    assert autograded_cell_ids(course, lesson, "solved_deleted") == source_ids
    assert score(course, lesson, "solved_deleted") == points(lesson)


@pytest.mark.parametrize("lesson", LOOP_LESSONS)
def test_an_endless_loop_is_stopped(course, lesson):
    nb = nbformat.read(
        course[0][lesson] / "autograded" / "wrong_and_looping" / lesson / f"{lesson}.ipynb",
        as_version=4,
    )
    loop_id, failing = looping(source_notebook(lesson))
    assert loop_id not in WRONG[lesson] and not set(failing) & set(wrong_checks(lesson)), (
        "the loop must cost points of its own, apart from the known-wrong answers'"
    )
    # `while True: pass` stops at the interrupt: the kernel lives on, nothing is restarted
    assert "KeyboardInterrupt" in [out.get("ename") for out in cells_by_id(nb)[loop_id].outputs]
    report = {
        row["student_id"]: row["details"]
        for row in graded_class.csv_rows(course[0][lesson] / "grading-report.csv")
    }
    assert f"stopped after {graded_class.TIMEOUT} s" in report["wrong_and_looping"]
    assert "restarted" not in report["wrong_and_looping"]
    # the points its test cell loses: test_known_wrong_answers_lose_exactly_their_points


@pytest.mark.parametrize("lesson", LESSONS)
def test_known_wrong_answers_lose_exactly_their_points(course, lesson):
    failing = wrong_checks(lesson)
    if lesson in LOOP_LESSONS:
        failing += looping(source_notebook(lesson))[1]
    assert score(course, lesson, wrong_student(lesson)) == points(lesson) - points(lesson, failing)
    assert points(lesson, failing) > 0


@pytest.mark.parametrize("lesson", LESSONS)
def test_feedback_is_written(course, lesson):
    student = wrong_student(lesson)
    html = (course[0][lesson] / "feedback" / student / lesson / f"{lesson}.html").read_text()
    assert "CheckFailed" in html or "AssertionError" in html


@pytest.mark.parametrize("lesson", LESSONS)
def test_release_holds_no_solution_no_hidden_test_no_outputs_no_widget_state(course, lesson):
    source = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    release = nbformat.read(
        course[0][lesson] / "release" / lesson / f"{lesson}.ipynb", as_version=4
    )
    text = "\n".join(cell.source for cell in release.cells)
    secret_lines = []
    for cell in source.cells:
        for block in re.findall(
            r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", cell.source, flags=re.DOTALL
        ):
            secret_lines += [
                line.strip() for line in block[1].splitlines() if len(line.strip()) > 8
            ]
    assert secret_lines
    leaked = [line for line in secret_lines if line in text]
    assert not leaked
    assert "widgets" not in release.metadata
    assert all(not cell.get("outputs") for cell in release.cells if cell.cell_type == "code")
    assert "raise NotImplementedError()" in text


CHEAT_CASES = [
    (lesson, student)
    for lesson in CHEAT_LESSONS
    for student in [f"cheat_blank_{name}" for name in [*CHEATS, "forged_results_file"]]
    + [f"cheat_honest_{name}" for name in CHEATS]
]


@pytest.mark.parametrize("lesson,student", CHEAT_CASES)
def test_cheats_score_what_the_honest_answers_deserve(course, lesson, student):
    honest = student.startswith("cheat_honest_")
    assert score(course, lesson, student) == (points(lesson) if honest else 0)


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_answer_key_reaches_nbgrader_or_the_release(course, lesson):
    for path in ("source", "release"):
        text = (course[0][lesson] / path / lesson / f"{lesson}.ipynb").read_text()
        assert "# ANSWER" not in text and "correct=" not in text
