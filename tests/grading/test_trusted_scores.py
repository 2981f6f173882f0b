"""The trusted side of grading on its own: every graded cell is a declared exercise or a quiz, the
answer keys and the release's guards; and the declared right answers of lessons 04 and 08
(nnhelpers.exercises) against plain loops and finite differences, with the students' real code.

Reference values here are computed independently (math, plain loops), not with the code under test.
"""

import json
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.exercises import exercise, rng_for, run
from tests.grading import graded_class
from tools.grading import scores as trusted

ROOT = Path(__file__).resolve().parents[2]

SEED = 1234


def test_a_quiz_answer_is_its_letters_and_only_the_key_counts():
    keys = {"check_answer_bias": "b"}
    assert (
        trusted.quiz_judged("check_answer_bias", {"answer_bias": "b"}, keys)[0].verdict == "right"
    )
    judged, given = trusted.quiz_judged("check_answer_bias", {"answer_bias": "a"}, keys)
    assert (judged.verdict, given) == ("other", "a")
    assert trusted.quiz_judged("check_answer_bias", {}, keys)[0].verdict == "blank"


def test_every_graded_test_cell_is_a_declared_exercise_or_a_quiz():
    graded = [
        cell.metadata["nbgrader"]["grade_id"]
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    ]
    declared = {f"check_{ex.name}" for ex in nh.exercises.exercises()}
    assert len(graded) > 30 and all(
        grade_id in declared or grade_id.startswith("check_answer_") for grade_id in graded
    )
    assert declared <= set(graded)


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
        ("answer_q = None\n# ANSWER KEY: b", True),
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
    assert 'nh.check_quiz_answer(answer_bias, quiz_bias, \\"answer_bias\\")' in text
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
        nh.exercises.difference(
            expected, {"outputs": outputs, "Z1": Z1, "A1": A1, "X": i["X"].tolist()}, 1e-12, 1e-12
        )
        is None
    )
    exercise, i = lesson_04("backward")
    numeric = {f"d{name}": value.tolist() for name, value in loop_gradients(i).items()}
    assert (
        nh.exercises.difference(numeric, nh.exercises.plain(exercise.answer(i)), 1e-5, 1e-7) is None
    )
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
    i = exercise("train_step").inputs(rng_for(SEED, "train_step"))
    numeric = loop_gradients(i)
    expected = exercise("two_layer_backward").answer(i)
    assert all(np.allclose(expected[name], numeric[name], rtol=1e-5, atol=1e-7) for name in numeric)
    step = exercise("train_step").answer(i)
    first = np.mean((np.array(loop_network(i)[2]) - i["Y"]) ** 2)
    assert step["loss"] == pytest.approx(first, rel=1e-12)
    assert step["calls"] == ["forward(X)", "loss(outputs, Y)", "backward(Y)", "update(lr)"]
    assert all(
        np.allclose(step[name], i["params"][name] - i["lr"] * numeric[name], rtol=1e-5, atol=1e-7)
        for name in numeric
    )
    images = exercise("flatten_images").inputs(rng_for(SEED, "flatten_images"))["images"]
    rows = [[pixel for row in image for pixel in row] for image in images.tolist()]
    assert exercise("flatten_images").answer({"images": images})["X"].tolist() == rows


def bias_averaged_backward(net, Y):
    grads = lesson_backward(net, Y)
    return {**grads, "b1": grads["b1"] / len(Y)}


def judged_08(name, solution):
    """The trusted judgement of a lesson 08 solution (its answer crossing JSON, as the judge run's reply)."""
    from tools.grading.judge import judgement

    declared = exercise(name)
    reply = {"answer": run(declared, solution, declared.inputs(rng_for(SEED, name)))[0]}
    return judgement(declared, json.loads(json.dumps(reply)), SEED)


@pytest.mark.parametrize(
    "name,right,wrong,mistake",
    [
        (
            "mse_and_gradient",
            lambda A2, Y: (np.mean((A2 - Y) ** 2), 2 * (A2 - Y) / A2.size),
            lambda A2, Y: (np.mean((A2 - Y) ** 2), (A2 - Y) / A2.size),
            "factor_two_missing",
        ),
        (
            "flatten_images",
            lambda images: images.reshape(len(images), -1),
            lambda images: images.transpose(0, 2, 1).reshape(len(images), -1),
            "column_by_column",
        ),
        (
            "train_step",
            lesson_train_step,
            lambda net, X, Y, lr: [net.loss(net.forward(X), Y), net.backward, net.update(lr)][0],
            "backward_not_called",
        ),
        (
            "update_parameters",
            lesson_update,
            lambda params, grads, lr: [
                params.__setitem__(k, params[k] - lr * grads[k]) for k in grads
            ],
            "missing_gradient_skipped",
        ),
        ("two_layer_backward", lesson_backward, bias_averaged_backward, "bias_averaged"),
        (
            "relu_derivative_from_output",
            lambda A: (A > 0).astype(float),
            lambda A: (A >= 0).astype(float),
            "greater_or_equal",
        ),
    ],
)
def test_lesson_08_fixes_right_and_wrong(name, right, wrong, mistake):
    assert judged_08(name, right).verdict == "right"
    judged = judged_08(name, wrong)
    assert (judged.verdict, judged.mistake) == ("mistake", mistake), judged.reason
