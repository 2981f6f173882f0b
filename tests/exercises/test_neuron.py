"""Every self-check passes a right answer and fails each known-wrong one with the right message."""
import math

import numpy as np
import pytest

import nnhelpers as nh


def not_written(*args):
    raise NotImplementedError()


def good_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def good_relu(z):
    return np.maximum(0, z)


def mutating_sigmoid(z):
    z *= -1
    return 1 / (1 + np.exp(z))


def mutating_relu(z):
    z = np.asarray(z)
    z[z < 0] = 0
    return z


WRONG_SIGMOIDS = [
    (not_written, "sigmoid is not written yet: replace `raise NotImplementedError()`"),
    (lambda z: 1 / (1 + np.exp(z)), "the sign in the exponent is wrong"),
    (lambda z: np.exp(-z), "only the exponential is computed"),
    (lambda z: 1 / np.exp(-z), "the '1 +' in the denominator is missing"),
    (lambda z: 1 / (1 + math.exp(-z)), "works for a single number but not for an array of shape (8,)"),
    (np.tanh, "this is tanh, not the sigmoid"),
    (lambda z: good_sigmoid(z) * (1 - good_sigmoid(z)), "this is the derivative of the sigmoid"),
    (lambda z: None, "sigmoid returned None for an array of shape (8,): did you forget `return`?"),
    (lambda z: np.sum(good_sigmoid(z)), "sigmoid returned shape () for an array of shape (8,), expected (8,)"),
    (lambda z: 2 * good_sigmoid(z), "twice too large"),
    (mutating_sigmoid, "sigmoid changed its input z in place"),
    (lambda z: np.round(good_sigmoid(z), 2), "sigmoid is wrong for an array of shape (8,): got 0.05 at index (1,), expected 0.0474259"),
]

WRONG_RELUS = [
    (not_written, "relu is not written yet"),
    (lambda z: max(0, z), "works for a single number but not for an array"),
    (lambda z: z, "negative inputs must become 0; the output equals the input"),
    (lambda z: np.minimum(z, 0), "keeps the negative part (min)"),
    (np.abs, "not their absolute value"),
    (lambda z: (np.asarray(z) > 0).astype(float), "this is the derivative of ReLU"),
    (mutating_relu, "relu changed its input z in place"),
    (lambda z: np.maximum(0, z).T, "relu returned shape (4, 2) for an array of shape (2, 4), expected (2, 4): the axes are swapped"),
]


def test_right_answers_pass(capsys):
    nh.check_sigmoid(good_sigmoid)
    nh.check_sigmoid(nh.activation("sigmoid").forward)
    nh.check_relu(good_relu)
    assert capsys.readouterr().out == "sigmoid: all checks passed\nsigmoid: all checks passed\nrelu: all checks passed\n"


@pytest.mark.parametrize("wrong,message", WRONG_SIGMOIDS)
def test_wrong_sigmoids_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(AssertionError) as failure:
        nh.check_sigmoid(wrong)
    assert message in str(failure.value)


@pytest.mark.parametrize("wrong,message", WRONG_RELUS)
def test_wrong_relus_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_relu(wrong)
    assert message in str(failure.value)


def make_neuron(activate):
    class Neuron:
        def __init__(self, n_inputs, rng):
            self.weights = rng.uniform(-1, 1, size=n_inputs)
            self.bias = rng.uniform(-1, 1)
    Neuron.activate = activate
    return Neuron


WRONG_NEURONS = [
    (lambda self, x: not_written(), "Neuron.activate is not written yet"),
    (lambda self, x: x @ self.weights + self.bias, "the sigmoid is missing"),
    (lambda self, x: good_sigmoid(x @ self.weights), "the bias is missing"),
    (lambda self, x: good_relu(x @ self.weights + self.bias), "this uses ReLU"),
    (lambda self, x: good_sigmoid(x * self.weights + self.bias), "use x @ weights (or np.dot) to multiply and sum"),
    (lambda self, x: good_sigmoid(np.sum(x * self.weights) + self.bias), "Neuron.activate returned shape () for a batch of shape (4, 3), expected (4,)"),
    (lambda self, x: good_sigmoid(x @ self.weights - self.bias), "the bias is subtracted"),
]


def test_right_neuron_passes(capsys):
    nh.check_neuron(make_neuron(lambda self, x: good_sigmoid(x @ self.weights + self.bias)))
    assert capsys.readouterr().out == "Neuron.activate: all checks passed\n"


@pytest.mark.parametrize("activate,message", WRONG_NEURONS)
def test_wrong_neurons_fail_with_the_likely_cause(activate, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_neuron(make_neuron(activate))
    assert message in str(failure.value)


def test_neuron_with_wrong_weight_shape_fails():
    class Neuron:
        def __init__(self, n_inputs, rng):
            self.weights = rng.uniform(-1, 1, size=(n_inputs, 1))
            self.bias = 0.0

        def activate(self, x):
            return good_sigmoid(x @ self.weights + self.bias)
    with pytest.raises(nh.CheckFailed, match=r"weights has shape \(3, 1\), expected \(3,\)"):
        nh.check_neuron(Neuron)


def good_step(weights, bias, X, y, lr):
    p = good_sigmoid(X @ weights + bias)
    return weights - lr * X.T @ (p - y) / len(y), bias - lr * np.mean(p - y)


def in_place_step(weights, bias, X, y, lr):
    p = good_sigmoid(X @ weights + bias)
    weights -= lr * X.T @ (p - y) / len(y)
    return weights, bias - lr * np.mean(p - y)


def step_with(update_w, update_b):
    def step(weights, bias, X, y, lr):
        p = good_sigmoid(X @ weights + bias)
        return update_w(weights, X, y, p, lr), update_b(bias, y, p, lr)
    return step


RIGHT_W = lambda w, X, y, p, lr: w - lr * X.T @ (p - y) / len(y)      # noqa: E731
RIGHT_B = lambda b, y, p, lr: b - lr * np.mean(p - y)                  # noqa: E731

WRONG_STEPS = [
    (not_written, "gradient_step is not written yet"),
    (step_with(lambda w, X, y, p, lr: w + lr * X.T @ (p - y) / len(y), RIGHT_B), "the step goes uphill"),
    (step_with(lambda w, X, y, p, lr: w - lr * X.T @ (p - y), RIGHT_B), "not divided by n = 5"),
    (step_with(lambda w, X, y, p, lr: w - X.T @ (p - y) / len(y), RIGHT_B), "the learning rate lr is not used"),
    (step_with(lambda w, X, y, p, lr: w - lr * X.T @ (y - p) / len(y), RIGHT_B), "the step goes uphill"),
    (step_with(lambda w, X, y, p, lr: w - lr * X.T @ (p - y) * 2 / len(y), RIGHT_B), "is wrong for 5 examples with 3 features: got"),
    (step_with(RIGHT_W, lambda b, y, p, lr: b), "the bias is not updated"),
    (step_with(RIGHT_W, lambda b, y, p, lr: b - lr * np.sum(p - y)), "db is summed but not divided by n = 5"),
    (step_with(lambda w, X, y, p, lr: w - lr * (p - y) @ X.T, RIGHT_B), "raised ValueError"),
    (in_place_step, "gradient_step changed its input weights in place"),
    (lambda w, b, X, y, lr: w, "must return a pair (new_weights, new_bias), got ndarray"),
]


def test_right_step_passes(capsys):
    nh.check_gradient_step(good_step)
    assert capsys.readouterr().out == "gradient_step: all checks passed\n"


@pytest.mark.parametrize("step,message", WRONG_STEPS)
def test_wrong_steps_fail_with_the_likely_cause(step, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_gradient_step(step)
    assert message in str(failure.value)


def test_practice_quiz_gives_feedback_at_once():
    quiz = nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="b", explanations={"a": "because", "b": "indeed"},
                   practice=True)
    assert quiz.feedback("b") == (True, "indeed") and quiz.feedback("a") == (False, "because")
    quiz._choice.value = "a"
    assert "Not quite." in quiz._feedback.value and "because" in quiz._feedback.value
    quiz._choice.value = "b"
    assert "Right." in quiz._feedback.value
    with pytest.raises(AssertionError, match=r"answer_q must be one of \['a', 'b'\] \(a letter in quotes, e.g. answer_q = 'a'\), got None"):
        nh.check_quiz_answer(None, nh.Quiz("Q?", {"a": "yes", "b": "no"}), "answer_q")
    with pytest.raises(ValueError, match=r"correct must be one of the option letters \['a', 'b'\], got 'c'"):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="c", explanations={"a": "", "b": ""}, practice=True)
    with pytest.raises(ValueError, match=r"explanations must explain every option; missing \['b'\]"):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a", explanations={"a": ""}, practice=True)


def test_graded_quiz_holds_no_answer_and_checks_the_letter(capsys):
    quiz = nh.Quiz("Q?", {"a": "yes", "b": "no"})
    quiz._choice.value = "b"
    assert "graded after you hand in" in quiz._feedback.value and "Right" not in quiz._feedback.value
    with pytest.raises(ValueError, match="graded after hand-in"):
        quiz.feedback("b")
    nh.check_quiz_answer("a", quiz, "answer_q")
    assert capsys.readouterr().out == "answer_q: recorded 'a'\n"
    with pytest.raises(ValueError, match=r"a graded quiz must not carry its answer"):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a")
    practice = nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a", explanations={"a": "", "b": ""}, practice=True)
    with pytest.raises(ValueError, match="a practice quiz is not graded"):
        nh.check_quiz_answer("a", practice, "answer_q")
