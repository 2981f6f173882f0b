"""Self-checks for lesson 03 (the 2-2-1 network): forward_2_2_1, backward_2_2_1, update.

Shapes (one example, the course's convention: one weight column per neuron):
    x (2,), W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,), y a number
    z1 = x @ W1 + b1, a1 = sigmoid(z1), z2 = a1 @ W2 + b2, y_hat = sigmoid(z2)   (z2, y_hat: (1,))
    loss = 1/2 (y_hat - y)^2
Each check compares every intermediate in order and names the first one that is wrong.
"""
import numpy as np

from ..engine.activations import Sigmoid
from .core import CheckFailed, call, check_not_mutated, compare, passed

_sigmoid = Sigmoid().f

FORWARD_KEYS = ["z1", "a1", "z2", "y_hat"]
BACKWARD_KEYS = ["delta2", "dW2", "db2", "delta1", "dW1", "db1"]
PARAMETER_KEYS = ["W1", "b1", "W2", "b2"]


def seed_example():
    """The worked example of the lesson: x, y and the parameters W1, b1, W2, b2 as a dict."""
    return (np.array([0.5, -0.2]), 1.0,
            {"W1": np.array([[0.1, 0.3], [0.4, -0.5]]), "b1": np.array([0.2, -0.1]),
             "W2": np.array([[0.6], [-0.1]]), "b2": np.array([0.3])})


def _cases():
    """The worked example and a second, random one (so that no answer can be typed in)."""
    rng = np.random.default_rng(7)
    other = {"W1": rng.normal(size=(2, 2)), "b1": rng.normal(size=2), "W2": rng.normal(size=(2, 1)), "b2": rng.normal(size=1)}
    return [("the worked example", *seed_example()), ("a random example", rng.normal(size=2), 0.0, other)]


def _forward(x, p):
    z1 = x @ p["W1"] + p["b1"]
    a1 = _sigmoid(z1)
    z2 = a1 @ p["W2"] + p["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "y_hat": _sigmoid(z2)}


def _backward(x, y, p, cache):
    delta2 = (cache["y_hat"] - y) * cache["y_hat"] * (1 - cache["y_hat"])
    delta1 = (p["W2"] @ delta2) * cache["a1"] * (1 - cache["a1"])
    return {"delta2": delta2, "dW2": np.outer(cache["a1"], delta2), "db2": delta2,
            "delta1": delta1, "dW1": np.outer(x, delta1), "db1": delta1}


def _as_dict(result, name, keys):
    if not isinstance(result, dict):
        raise CheckFailed(f"{name} must return a dict with the keys {keys}, got {type(result).__name__}")
    missing = [k for k in keys if k not in result]
    if missing:
        raise CheckFailed(f"{name} must return a dict with the keys {keys}; missing {missing}")
    return result


def _copy(params):
    return {k: np.array(v, dtype=float) for k, v in params.items()}


def check_forward_2_2_1(forward_2_2_1):
    """forward_2_2_1(x, params) -> {"z1", "a1", "z2", "y_hat"}."""
    for what, x, _, params in _cases():
        before = _copy(params)
        got = _as_dict(call(forward_2_2_1, "forward_2_2_1", x, params), "forward_2_2_1", FORWARD_KEYS)
        for key in PARAMETER_KEYS:
            check_not_mutated("forward_2_2_1", before[key], params[key], f"params['{key}']")
        right = _forward(x, params)
        W1, b1, W2, b2 = (params[k] for k in PARAMETER_KEYS)
        a1 = right["a1"]
        mistakes = {
            "z1": [(W1 @ x + b1, "x @ W1 is needed, not W1 @ x: W1 has one column per hidden neuron"),
                   (x @ W1, "the bias b1 is missing")],
            "a1": [(right["z1"], "the sigmoid is missing: a1 = sigmoid(z1)")],
            "z2": [(a1 @ W2, "the bias b2 is missing"), (right["z1"] @ W2 + b2, "z2 must use a1 (after the sigmoid), not z1")],
            "y_hat": [(right["z2"], "the output sigmoid is missing: y_hat = sigmoid(z2)")],
        }
        for key in FORWARD_KEYS:
            compare(f"forward_2_2_1 ['{key}'] (the first wrong value)", got[key], right[key], what, mistakes[key])
    passed("forward_2_2_1")


def check_backward_2_2_1(backward_2_2_1):
    """backward_2_2_1(x, y, params, cache) -> {"delta2", "dW2", "db2", "delta1", "dW1", "db1"};
    cache is what forward returns. Loss 1/2 (y_hat - y)^2, sigmoid everywhere."""
    for what, x, y, params in _cases():
        cache = _forward(x, params)
        got = _as_dict(call(backward_2_2_1, "backward_2_2_1", x, y, params, cache), "backward_2_2_1", BACKWARD_KEYS)
        right = _backward(x, y, params, cache)
        y_hat, a1 = cache["y_hat"], cache["a1"]
        mistakes = {
            "delta2": [(y_hat - y, "the sigmoid's derivative y_hat * (1 - y_hat) is missing"),
                       ((y_hat - y) * cache["z2"] * (1 - cache["z2"]),
                        "sigma'(z2) is written with z2; the formula sigma(z) (1 - sigma(z)) uses the sigmoid's "
                        "output: y_hat * (1 - y_hat)"),
                       (2 * (y_hat - y) * y_hat * (1 - y_hat), "a factor 2 too many: the loss is 1/2 (y_hat - y)^2, whose derivative is y_hat - y")],
            "dW2": [(np.outer(right["delta2"], a1), "dW2 must have W2's shape (2, 1): np.outer(a1, delta2)")],
            "db2": [],
            "delta1": [(params["W2"] @ right["delta2"], "the sigmoid's derivative a1 * (1 - a1) is missing"),
                       ((params["W2"] @ right["delta2"]) * cache["z1"] * (1 - cache["z1"]),
                        "sigma'(z1) is written with z1; the formula sigma(z) (1 - sigma(z)) uses the sigmoid's "
                        "output: a1 * (1 - a1)"),
                       (right["delta2"] * a1 * (1 - a1), "delta2 must go back through the weights: W2 @ delta2")],
            "dW1": [(np.outer(right["delta1"], x), "dW1 is transposed: W1 has one row per input, so dW1 = np.outer(x, delta1)")],
            "db1": [],
        }
        for key in BACKWARD_KEYS:
            if key in OUTER_PRODUCTS:
                _check_outer_shape(key, got[key], right[key].shape, what)
            compare(f"backward_2_2_1 ['{key}'] (the first wrong value)", got[key], right[key], what, mistakes[key])
    passed("backward_2_2_1")


# the weight gradients, outer products of a layer's input (1-D) and its delta (1-D)
OUTER_PRODUCTS = {"dW1": ("x", "delta1"), "dW2": ("a1", "delta2")}


def _check_outer_shape(key, got, shape, what):
    """The two ways 1-D arrays make a weight gradient of the wrong shape, named."""
    inputs, delta = OUTER_PRODUCTS[key]
    got_shape = np.shape(got)
    if got_shape == shape:
        return
    start = f"backward_2_2_1 ['{key}'] has shape {got_shape} for {what}, expected {shape}, the shape of {key[1:]}"
    if got_shape in ((), (1,)):
        raise CheckFailed(f"{start}: a single number. For 1-D arrays .T changes nothing, so {inputs}.T @ {delta} is "
                          f"the dot product of the two, not the table of products {inputs}[i] * {delta}[j] that "
                          f"{key} needs. NumPy's np.outer({inputs}, {delta}) builds that table")
    if len(got_shape) == 1:
        raise CheckFailed(f"{start}: a 1-D array, elementwise products. {key} needs every product "
                          f"{inputs}[i] * {delta}[j], one row per input: np.outer({inputs}, {delta})")


def check_update(update):
    """update(params, grads, eta) -> new params {"W1", "b1", "W2", "b2"}; params are not changed in place."""
    for what, x, y, params in _cases():
        grads = _backward(x, y, params, _forward(x, params))
        before = _copy(params)
        got = _as_dict(call(update, "update", params, grads, 0.1), "update", PARAMETER_KEYS)
        for key in PARAMETER_KEYS:
            check_not_mutated("update", before[key], params[key], f"params['{key}']")
        for key in PARAMETER_KEYS:
            right = params[key] - 0.1 * grads["d" + key]
            mistakes = [(params[key] + 0.1 * grads["d" + key], "the step goes uphill: subtract eta * gradient"),
                        (params[key], f"{key} is not updated"),
                        (params[key] - grads["d" + key], "the learning rate eta is not used")]
            compare(f"update ['{key}']", got[key], right, what, mistakes)
    passed("update")


# ----- section 7: sigmoid hidden layer, ReLU output --------------------------------------------------------

def relu_output_step(x, y, params, eta, output_slope="relu", biases=True, sign=-1.0, outer=True):
    """One gradient step of the sigmoid-ReLU 2-2-1 network on 1/2 (y_hat - y)^2: the new params.

    y_hat = relu(z2); delta2 = (y_hat - y) * relu'(z2) with relu'(z2) = 1 if z2 > 0 else 0;
    delta1 = (W2 @ delta2) * a1 * (1 - a1). The keyword arguments make the known-wrong variants.
    """
    a1 = _sigmoid(x @ params["W1"] + params["b1"])
    z2 = a1 @ params["W2"] + params["b2"]
    y_hat = np.maximum(z2, 0.0)
    slope = {"relu": (z2 > 0).astype(float), "one": np.ones_like(z2),
             "sigmoid": _sigmoid(z2) * (1 - _sigmoid(z2))}[output_slope]
    delta2 = (y_hat - y) * slope
    delta1 = (params["W2"] @ delta2) * a1 * (1 - a1)
    grads = {"W1": np.outer(x, delta1) if outer else x * delta1, "b1": delta1,
             "W2": np.outer(a1, delta2), "b2": delta2}
    return {key: params[key] + (sign * eta * grads[key] if biases or key[0] == "W" else 0.0)
            for key in PARAMETER_KEYS}


def relu_output_cases():
    """(what, x, y, params, eta): the seeds' example (z2 > 0), and a random one whose z2 < 0 (the output is off)."""
    rng = np.random.default_rng(17)
    seed = {"W1": np.array([[0.1, 0.3], [0.2, 0.4]]), "b1": np.array([1.0, 1.0]),
            "W2": np.array([[0.5], [0.6]]), "b2": np.array([1.0])}
    off = {"W1": rng.normal(size=(2, 2)), "b1": rng.normal(size=2), "W2": rng.normal(size=(2, 1)),
           "b2": np.array([-3.0])}
    return [("x = (2, 3), y = 2 (z2 > 0)", np.array([2.0, 3.0]), 2.0, seed, 0.05),
            ("a random example whose z2 < 0", rng.normal(size=2), 1.0, off, 0.5)]


def check_relu_output_step(step):
    """step(x, y, params, eta) -> new params {"W1", "b1", "W2", "b2"} after one gradient step of the
    sigmoid-ReLU network; checked at z2 > 0 and at z2 < 0, where ReLU' = 0; params are not changed in place."""
    for what, x, y, params, eta in relu_output_cases():
        before = _copy(params)
        got = _as_dict(call(step, "relu_output_step", x.copy(), y, params, eta), "relu_output_step", PARAMETER_KEYS)
        for key in PARAMETER_KEYS:
            check_not_mutated("relu_output_step", before[key], params[key], f"params['{key}']")
        right = relu_output_step(x, y, params, eta)
        wrong = [(relu_output_step(x, y, params, eta, output_slope="sigmoid"),
                  "delta2 uses the sigmoid's slope; the output is a ReLU now, so delta2 = (y_hat - y) * ReLU'(z2)"),
                 (relu_output_step(x, y, params, eta, output_slope="one"),
                  "the gradient passes the output although z2 <= 0: ReLU'(z2) is 0 there (an output that is off "
                  "passes no gradient), and 1 only where z2 > 0"),
                 (relu_output_step(x, y, params, eta, biases=False), "the biases are not updated"),
                 (relu_output_step(x, y, params, eta, sign=1.0), "the step goes uphill: subtract eta * gradient"),
                 (relu_output_step(x, y, params, eta, outer=False),
                  "the W1 step uses x * delta1, elementwise products that NumPy stretches into a (2, 2) array; the "
                  "gradient of W1 needs every product x[i] * delta1[j], one row per input: the outer product")]
        for key in PARAMETER_KEYS:
            mistakes = [(variant[key], explanation) for variant, explanation in wrong
                        if not np.allclose(variant[key], right[key])]
            compare(f"relu_output_step ['{key}']", got[key], right[key], what, mistakes)
    passed("relu_output_step")
