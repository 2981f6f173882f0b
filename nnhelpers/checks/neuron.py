"""Self-checks for lesson 01 (a single neuron): sigmoid, relu, Neuron.activate, gradient_step."""
import warnings

import numpy as np

from ..engine.activations import ReLU, Sigmoid
from .core import CheckFailed, call, check_not_mutated, compare, passed

_sigmoid = Sigmoid().f
_relu = ReLU().f


def compare_elementwise(fn, name, reference, samples, mistakes):
    """Check an elementwise function on a number, a 1-D and a 2-D array, and that it leaves its input alone.

    The arrays are compared first: across many values a known mistake is recognised unambiguously.
    """
    z0 = samples[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # overflow in a naive formula is not what we grade here
        scalar_result = call(fn, name, z0)
        for z in (np.array(samples), np.array(samples).reshape(2, -1)):
            before = z.copy()
            try:
                result = fn(z)
            except Exception as error:
                raise CheckFailed(f"{name} works for a single number but not for an array of shape {z.shape} "
                                  f"({type(error).__name__}: {error}). Use NumPy functions (np.exp, np.maximum), "
                                  "which work elementwise, not math.exp or max.") from None
            check_not_mutated(name, before, z, "z")
            compare(name, result, reference(before), f"an array of shape {z.shape}", mistakes(before))
    compare(name, scalar_result, reference(np.float64(z0)), f"the number {z0}", mistakes(np.float64(z0)))


def check_sigmoid(sigmoid):
    """sigmoid(z) = 1 / (1 + exp(-z)) for a number and for arrays of any shape."""
    samples = [0.0, -3.0, -1.0, -0.25, 0.5, 1.0, 2.0, 4.0]

    def mistakes(z):
        return [(1 / (1 + np.exp(z)), "the sign in the exponent is wrong: sigmoid(z) = 1 / (1 + exp(-z))"),
                (np.exp(-z), "only the exponential is computed: sigmoid(z) = 1 / (1 + exp(-z))"),
                (1 / np.exp(-z), "the '1 +' in the denominator is missing: sigmoid(z) = 1 / (1 + exp(-z))"),
                (np.tanh(z), "this is tanh, not the sigmoid"),
                (_sigmoid(z) * (1 - _sigmoid(z)), "this is the derivative of the sigmoid, not the sigmoid itself")]

    compare_elementwise(sigmoid, "sigmoid", _sigmoid, samples, mistakes)
    passed("sigmoid")


def check_relu(relu):
    """relu(z) = max(0, z) elementwise, for a number and for arrays of any shape; the input is not changed."""
    samples = [-2.0, -3.0, -0.5, 0.0, 0.5, 1.5, 3.0, -1.0]

    def mistakes(z):
        return [(z, "negative inputs must become 0; the output equals the input"),
                (np.minimum(z, 0), "this keeps the negative part (min) instead of the positive part (max)"),
                (np.abs(z), "negative inputs must become 0, not their absolute value"),
                ((z > 0).astype(float), "this is the derivative of ReLU (0 or 1), not ReLU itself")]

    compare_elementwise(relu, "relu", _relu, samples, mistakes)
    passed("relu")


def check_neuron(Neuron):
    """Neuron(n_inputs, rng) with weights (n_inputs,) and a bias in [-1, 1];
    activate(x) = sigmoid(x @ weights + bias) for one example (n_inputs,) -> number
    and for a batch (batch, n_inputs) -> (batch,)."""
    neuron = call(Neuron, "Neuron", 3, np.random.default_rng(0))
    weights = np.asarray(getattr(neuron, "weights", None), dtype=float)
    if weights.shape != (3,):
        raise CheckFailed(f"Neuron(3, rng).weights has shape {weights.shape}, expected (3,): one weight per input")
    neuron.weights = np.array([0.5, -1.0, 0.25])
    neuron.bias = 0.3
    one = np.array([2.0, 1.0, -4.0])
    batch = np.array([[2.0, 1.0, -4.0], [0.0, 0.0, 0.0], [1.0, -1.0, 2.0], [-3.0, 0.5, 1.0]])
    for x, what in ((one, "one example of shape (3,)"), (batch, "a batch of shape (4, 3)")):
        z = x @ neuron.weights + neuron.bias
        mistakes = [(x @ neuron.weights + neuron.bias, "the sigmoid is missing: activate must return sigmoid(z), not z"),
                    (_sigmoid(x @ neuron.weights), "the bias is missing: z = x @ weights + bias"),
                    (_relu(z), "this uses ReLU; the neuron of this lesson uses the sigmoid"),
                    (_sigmoid(x @ neuron.weights - neuron.bias), "the bias is subtracted; it should be added"),
                    (_sigmoid(-z), "the sign of z is flipped: sigmoid(x @ weights + bias)")]
        before = x.copy()
        got = call(neuron.activate, "Neuron.activate", x)
        check_not_mutated("Neuron.activate", before, x, "x")
        if x.ndim == 2 and np.shape(got) == (4, 3):
            raise CheckFailed("Neuron.activate returned shape (4, 3) for a batch of shape (4, 3), expected (4,): "
                              "x * weights multiplies elementwise; use x @ weights to multiply and sum")
        if x.ndim == 1 and np.shape(got) == (3,):
            raise CheckFailed("Neuron.activate returned 3 numbers for one example, expected 1: "
                              "x * weights multiplies elementwise; use x @ weights (or np.dot) to multiply and sum")
        compare("Neuron.activate", got, _sigmoid(z), what, mistakes)
    passed("Neuron.activate")


def _reference_step(weights, bias, X, y, lr):
    p = _sigmoid(X @ weights + bias)
    dz = (p - y) / len(y)
    return weights - lr * (X.T @ dz), bias - lr * dz.sum()


def check_gradient_step(gradient_step):
    """gradient_step(weights, bias, X, y, lr) -> (new_weights, new_bias), one step of gradient descent
    on the mean binary cross-entropy of a sigmoid neuron: dz = (p - y) / n, dw = X.T @ dz, db = sum(dz)."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(5, 3))
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    weights, bias, lr = np.array([0.2, -0.4, 0.1]), 0.05, 0.3
    before = weights.copy()
    result = call(gradient_step, "gradient_step", weights, bias, X, y, lr)
    check_not_mutated("gradient_step", before, weights, "weights")
    if not isinstance(result, tuple) or len(result) != 2:
        raise CheckFailed(f"gradient_step must return a pair (new_weights, new_bias), got {type(result).__name__}"
                          + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""))
    new_w, new_b = result
    right_w, right_b = _reference_step(weights, bias, X, y, lr)
    p = _sigmoid(X @ weights + bias)
    dw_mean, dw_sum = X.T @ (p - y) / 5, X.T @ (p - y)
    compare("gradient_step (new weights)", new_w, right_w, "5 examples with 3 features", [
        (weights + lr * dw_mean, "the step goes uphill: with dw = X.T @ (p - y) / n, subtract lr * dw (check the signs of p - y and of the update)"),
        (weights - lr * dw_sum, "the gradient is summed over the examples but not divided by n = 5 (use the mean)"),
        (weights - dw_mean, "the learning rate lr is not used"),
    ])
    compare("gradient_step (new bias)", new_b, right_b, "5 examples with 3 features", [
        (bias, "the bias is not updated: db = sum(p - y) / n"),
        (bias + lr * (p - y).mean(), "the bias step goes uphill: subtract lr * db"),
        (bias - lr * (p - y).sum(), "db is summed but not divided by n = 5"),
    ])
    passed("gradient_step")
