"""The trusted side of grading on its own, for the lessons judged through nnhelpers.probes (03-08) and
the quizzes: the comparison, the probes' right values, the answer keys and the release's guards; and
lesson 04's declared right answers (nnhelpers.exercises) against plain loops and finite differences.

Reference values here are computed independently (math, plain loops), not with the code under test.
"""

import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers import answers
from nnhelpers.probes import PROBES, probe_rng
from tests.grading import graded_class
from tools.grading import scores as trusted

ROOT = Path(__file__).resolve().parents[2]

SEED = 1234


class AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.fixture
def grading(tmp_path, monkeypatch):
    """nh.record_answer computing answers for SEED into tmp_path; returns a function reading them back
    (for lessons 03-08, whose probes call the student's code as the judge run does)."""
    monkeypatch.setenv(answers.SEED_VARIABLE, str(SEED))
    monkeypatch.setattr(answers, "_RESULTS", tmp_path / answers.RESULTS_FILE)
    return lambda: json.loads((tmp_path / answers.RESULTS_FILE).read_text())["answers"]


def judge(grade_id, recorded):
    """(is_right, reason) of the trusted side for the answer recorded for grade_id (none: blank)."""
    reply = {"answer": recorded[grade_id]} if grade_id in recorded else {"blank": "no answer"}
    judged = trusted.probe_judged(grade_id, reply, SEED)
    return judged.verdict == "right", judged.reason


def test_a_quiz_answer_is_its_letters_and_only_the_key_counts():
    keys = {"check_answer_bias": "b"}
    assert (
        trusted.quiz_judged("check_answer_bias", {"answer_bias": "b"}, keys)[0].verdict == "right"
    )
    judged, given = trusted.quiz_judged("check_answer_bias", {"answer_bias": "a"}, keys)
    assert (judged.verdict, given) == ("other", "a")
    assert trusted.quiz_judged("check_answer_bias", {}, keys)[0].verdict == "blank"
    assert trusted.compare(AlwaysEqual("a"), "b", 0, 0) is not None  # even unconverted, not trusted


def test_numbers_must_be_plain_finite_and_of_the_right_structure():
    assert trusted.compare([1.0, 2.0], [1.0, 2.0 + 1e-9], 1e-6, 1e-9) is None
    assert trusted.compare(True, 1.0, 1e-6, 1e-9) == "the answer is bool True, expected a number"
    assert (
        trusted.compare(None, 1.0, 1e-6, 1e-9) == "the answer is NoneType None, expected a number"
    )
    assert trusted.compare([1.0], [1.0, 2.0], 1e-6, 1e-9) == "the answer has 1 entries, expected 2"
    assert (
        trusted.compare({"a": 1.0}, {"a": 1.0, "b": 2.0}, 1e-6, 1e-9) == "the answer has no key 'b'"
    )
    assert trusted.compare(float("nan"), 1.0, 1e-6, 1e-9) == "the answer is nan, expected 1"


def test_every_graded_test_cell_is_declared_a_probe_or_a_quiz_and_one_without_scores_nothing():
    graded = [
        cell.metadata["nbgrader"]["grade_id"]
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    ]
    declared = {f"check_{ex.name}" for ex in nh.exercises.exercises()}
    assert len(graded) > 30 and all(
        grade_id in declared or grade_id.startswith("check_answer_") or trusted.has_probe(grade_id)
        for grade_id in graded
    )
    assert not any(trusted.has_probe(grade_id) for grade_id in declared)  # one truth per exercise
    assert judge("check_unknown", {"check_unknown": 1.0}) == (
        False,
        "no trusted probe for check_unknown in nnhelpers.probes",
    )


def test_answer_keys_come_from_the_instructor_hidden_tests_only():
    keys = trusted.answer_keys(ROOT / "notebooks" / "01_single_neuron.ipynb")
    assert keys == {"check_answer_bias": "b", "check_answer_init": "c"}
    assert "correct=" not in (ROOT / "notebooks" / "01_single_neuron.ipynb").read_text()


from tools.grading.release import check_release


@pytest.mark.parametrize(
    "source,refused",
    [
        (
            'quiz = nh.Quiz("Q?", {"a": "x", "b": "y"}, correct="b", explanations={"a": "", "b": ""})',
            True,
        ),
        ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"},\n    correct = "b")', True),
        ("nh.record_answer('check_answer_q', answer_q)\n# ANSWER KEY: b", True),
        ("# ANSWER WHY a: because", True),
        (
            'quiz = nh.Quiz("Q?", {"a": "x", "b": "y"}, correct="b", explanations={"a": "", "b": ""},\n'
            "              practice=True)",
            False,
        ),
        ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"})', False),
    ],
)
def test_make_release_refuses_a_copy_that_holds_an_answer_key(tmp_path, source, refused):
    path = tmp_path / "release" / "99_x" / "99_x.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    if refused:
        with pytest.raises(
            SystemExit, match=r"99_x.ipynb is not safe to hand out: an answer key in cell"
        ):
            check_release(tmp_path, "99_x")
    else:
        assert check_release(tmp_path, "99_x") == path


def test_staging_strips_every_answer_line(tmp_path_factory):
    root = graded_class.released(
        tmp_path_factory, "01_single_neuron"
    )  # the grading suites' release
    text = (root / "source" / "01_single_neuron" / "01_single_neuron.ipynb").read_text()
    assert 'nh.record_answer(\\"check_answer_bias\\", answer_bias)' in text
    assert (
        "# ANSWER" not in text
        and "ANSWER KEY" in (ROOT / "notebooks" / "01_single_neuron.ipynb").read_text()
    )


def loop_network(i):
    """Lesson 04's network in plain Python loops: (Z1, A1, outputs) rows for the probe's inputs."""
    p = {name: value.tolist() for name, value in i["params"].items()}
    n_hidden, n_outputs = len(p["b1"][0]), len(p["b2"][0])
    Z1 = [
        [sum(x[k] * p["W1"][k][j] for k in range(len(x))) + p["b1"][0][j] for j in range(n_hidden)]
        for x in i["X"].tolist()
    ]
    A1 = [[max(z, 0.0) for z in row] for row in Z1]
    outputs = [
        [
            sum(a[j] * p["W2"][j][o] for j in range(n_hidden)) + p["b2"][0][o]
            for o in range(n_outputs)
        ]
        for a in A1
    ]
    return Z1, A1, outputs


def loop_gradients(i):
    """d mean((outputs - Y) ** 2) / d parameter by central finite differences of loop_network."""
    h, numeric = 1e-6, {}
    for name, value in i["params"].items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            losses = []
            for step in (h, -h):
                shifted = {key: v.copy() for key, v in i["params"].items()}
                shifted[name][index] += step
                outputs = loop_network({"params": shifted, "X": i["X"]})[2]
                losses.append(np.mean((np.array(outputs) - i["Y"]) ** 2))
            grad[index] = (losses[0] - losses[1]) / (2 * h)
        numeric[name] = grad
    return numeric


class LessonNetwork:
    """Lesson 04's FullyConnectedNetwork, as the instructor solves it."""

    def __init__(self, n_inputs, n_hidden, n_outputs, seed=0):
        rng = np.random.default_rng(seed)
        self.W1, self.b1 = rng.normal(size=(n_inputs, n_hidden)), np.zeros((1, n_hidden))
        self.W2, self.b2 = rng.normal(size=(n_hidden, n_outputs)), np.zeros((1, n_outputs))

    def forward(self, X):
        self.X, self.Z1 = X, X @ self.W1 + self.b1
        self.A1 = np.maximum(self.Z1, 0.0)
        return self.A1 @ self.W2 + self.b2

    def backward(self, outputs, Y):
        dZ2 = 2.0 * (outputs - Y) / outputs.size
        self.dW2, self.db2 = self.A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)
        dZ1 = (dZ2 @ self.W2.T) * (self.Z1 > 0)
        self.dW1, self.db1 = self.X.T @ dZ1, dZ1.sum(axis=0, keepdims=True)

    def train(self, X, Y, epochs, lr):
        losses = []
        for _ in range(epochs):
            outputs = self.forward(X)
            losses.append(float(np.mean((outputs - Y) ** 2)))
            self.backward(outputs, Y)
            for name in ("W1", "b1", "W2", "b2"):
                setattr(self, name, getattr(self, name) - lr * getattr(self, "d" + name))
        return losses


class SigmoidHidden(LessonNetwork):
    def forward(self, X):
        self.X, self.Z1 = X, X @ self.W1 + self.b1
        self.A1 = 1.0 / (1.0 + np.exp(-self.Z1))
        return self.A1 @ self.W2 + self.b2


class IgnoresTargets(LessonNetwork):
    def backward(self, outputs, Y):
        super().backward(outputs, np.zeros_like(Y))


class LossAfterUpdate(LessonNetwork):
    def train(self, X, Y, epochs, lr):
        losses = super().train(X, Y, epochs, lr)
        return losses[1:] + [float(np.mean((self.forward(X) - Y) ** 2))]


def lesson_04(name, seed=SEED, **changed):
    """(the declaration of lesson 04's exercise `name`, its inputs for `seed` with `changed` in them)."""
    exercise = nh.exercises.exercise(name)
    return exercise, {**exercise.inputs(nh.exercises.rng_for(seed, name)), **changed}


def test_lesson_04_right_answers_match_plain_loops_and_finite_differences():
    exercise, i = lesson_04("forward")
    Z1, A1, outputs = loop_network(i)
    expected = nh.exercises.plain(exercise.answer(i))
    assert (
        trusted.compare(
            expected, {"outputs": outputs, "Z1": Z1, "A1": A1, "X": i["X"].tolist()}, 1e-12, 1e-12
        )
        is None
    )
    exercise, i = lesson_04("backward")
    numeric = {f"d{name}": value.tolist() for name, value in loop_gradients(i).items()}
    assert trusted.compare(numeric, nh.exercises.plain(exercise.answer(i)), 1e-5, 1e-7) is None
    exercise, i = lesson_04("train", epochs=1)  # one epoch: the loss before it, one step downhill
    numeric = loop_gradients(i)
    trained = exercise.answer(i)
    assert trained["losses"] == [
        pytest.approx(np.mean((np.array(loop_network(i)[2]) - i["Y"]) ** 2), rel=1e-12)
    ]
    assert all(
        np.allclose(
            trained[name], i["params"][name] - i["lr"] * numeric[name], rtol=1e-5, atol=1e-7
        )
        for name in numeric
    )
    exercise, i = lesson_04("train")
    assert len(exercise.answer(i)["losses"]) == i["epochs"] > 1


class NoX(LessonNetwork):
    def forward(self, X):
        outputs = super().forward(X)
        del self.X
        return outputs


class SwappedArguments(LessonNetwork):
    """The bug of issue 21: train calls backward(Y, outputs), and subtracts lr * gradient as it should."""

    def train(self, X, Y, epochs, lr):
        losses = []
        for _ in range(epochs):
            outputs = self.forward(X)
            losses.append(float(np.mean((outputs - Y) ** 2)))
            self.backward(Y, outputs)
            for name in ("W1", "b1", "W2", "b2"):
                setattr(self, name, getattr(self, name) - lr * getattr(self, "d" + name))
        return losses


def lesson_04_verdicts(Network, seed=SEED):
    """{exercise: (verdict, mistake, reason)} of the trusted judgement of Network's three methods, each
    run with the engine's other two (its answer crossing JSON, as the judge run's reply does)."""
    from tools.grading.judge import judgement

    verdicts = {}
    for name in ("forward", "backward", "train"):
        exercise, i = lesson_04(name, seed)
        try:
            reply = {"answer": nh.exercises.run(exercise, Network, i)[0]}
        except nh.exercises.Malformed as error:
            reply = {"malformed": str(error)}
        judged = judgement(exercise, json.loads(json.dumps(reply)), seed)
        verdicts[name] = (judged.verdict, judged.mistake, judged.reason)
    return verdicts


def test_lesson_04_each_method_costs_only_its_own_exercise():
    assert {name: v[0] for name, v in lesson_04_verdicts(LessonNetwork).items()} == dict.fromkeys(
        ("forward", "backward", "train"), "right"
    )
    for Network, wrong, mistake in (
        (SigmoidHidden, "forward", "sigmoid_hidden"),
        (IgnoresTargets, "backward", "ignores_targets"),
        (LossAfterUpdate, "train", "loss_after_update"),
        (SwappedArguments, "train", "swapped_arguments"),
        (NoX, "forward", None),
    ):
        verdicts = lesson_04_verdicts(Network)
        assert verdicts[wrong][:2] == ("mistake" if mistake else "other", mistake), verdicts[wrong]
        assert all(v[0] == "right" for name, v in verdicts.items() if name != wrong), verdicts
    assert "does not set self.X in forward" in lesson_04_verdicts(NoX)["forward"][2]


def test_swapped_arguments_are_named_without_advice_the_code_already_follows(monkeypatch):
    """Issue 21: a train whose backward(Y, outputs) has swapped arguments was told to "subtract lr *
    gradient", which it already did; now the self-check names the swap, and the fix comes on a repeat."""
    from nnhelpers.exercises import hints

    for state in ("_mistake", "_failures"):
        monkeypatch.setattr(hints, state, {})
    exercise, i = lesson_04("train", nh.exercises.selfcheck.SELF_CHECK_SEED)
    got, _ = nh.exercises.run(exercise, SwappedArguments, i)
    message, mistake = nh.exercises.selfcheck.feedback(exercise, got, [], i)
    assert mistake == "swapped_arguments"
    assert "lr * gradient" not in message and "subtract" not in message.lower()
    assert "backward with Y where backward takes the outputs" in message
    both, mistake = nh.exercises.selfcheck.feedback(
        exercise, nh.exercises.plain(exercise.mistake("swapped_and_uphill").answer(i)), [], i
    )
    assert mistake == "swapped_and_uphill" and "two mistakes cancel" in both
    hints.note_result("train", "swapped_arguments")
    assert "self.backward(outputs, Y)" in hints.note_result("train", "swapped_arguments")


def lesson_train_step(net, X, Y, lr):
    loss = net.loss(net.forward(X), Y)
    net.backward(Y)
    net.update(lr)
    return loss


def lesson_update(params, grads, lr):
    for name in params:
        params[name] -= lr * grads[name]


def lesson_backward(net, Y):
    dA2 = 2.0 * (net.A2 - Y) / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.Z1 > 0)
    return {
        "W1": net.X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": net.A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def test_lesson_08_references_match_independent_computations():
    i = PROBES["check_train_step"].inputs(probe_rng(SEED, "check_train_step"))
    numeric = loop_gradients(i)
    expected = PROBES["check_two_layer_backward"].expected(i)
    assert all(np.allclose(expected[name], numeric[name], rtol=1e-5, atol=1e-7) for name in numeric)
    step = PROBES["check_train_step"].expected(i)
    first = np.mean((np.array(loop_network(i)[2]) - i["Y"]) ** 2)
    assert step["loss"] == pytest.approx(first, rel=1e-12)
    assert all(
        np.allclose(
            step["params"][name], i["params"][name] - i["lr"] * numeric[name], rtol=1e-5, atol=1e-7
        )
        for name in numeric
    )
    images = PROBES["check_flatten_images"].inputs(probe_rng(SEED, "check_flatten_images"))
    images = images["images"]
    rows = [[pixel for row in image for pixel in row] for image in images.tolist()]
    assert PROBES["check_flatten_images"].expected({"images": images}).tolist() == rows


def bias_averaged_backward(net, Y):
    grads = lesson_backward(net, Y)
    return {**grads, "b1": grads["b1"] / len(Y)}


@pytest.mark.parametrize(
    "grade_id,right,wrong,reason",
    [
        (
            "check_mse_and_gradient",
            lambda A2, Y: (np.mean((A2 - Y) ** 2), 2 * (A2 - Y) / A2.size),
            lambda A2, Y: (np.mean((A2 - Y) ** 2), (A2 - Y) / A2.size),
            "the answer[1]",
        ),
        (
            "check_flatten_images",
            lambda images: images.reshape(len(images), -1),
            lambda images: images.transpose(0, 2, 1).reshape(len(images), -1),
            "the answer[0]",
        ),
        (
            "check_train_step",
            lesson_train_step,
            lambda net, X, Y, lr: [net.loss(net.forward(X), Y), net.backward, net.update(lr)][0],
            "the answer['steps'] has 2 entries",
        ),
        (
            "check_update_parameters",
            lesson_update,
            lambda params, grads, lr: [
                params.__setitem__(k, params[k] - lr * grads[k]) for k in grads
            ],
            "the answer['missing gradient'] is 'no error'",
        ),
        ("check_two_layer_backward", lesson_backward, bias_averaged_backward, "the answer['b1']"),
        (
            "check_relu_derivative_from_output",
            lambda A: (A > 0).astype(float),
            lambda A: (A >= 0).astype(float),
            "the answer[0]",
        ),
    ],
)
def test_lesson_08_fixes_right_and_wrong(grading, grade_id, right, wrong, reason):
    nh.record_answer(grade_id, right)
    assert judge(grade_id, grading()) == (True, "right")
    nh.record_answer(grade_id, wrong)
    is_right, why = judge(grade_id, grading())
    assert not is_right and why.startswith(reason), why
