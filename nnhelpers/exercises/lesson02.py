"""Lesson 02, a dense layer: dense_forward, dense_backward, relu_backward, numerical_gradient.

Shapes, for a batch of `batch` examples: X (batch, n_inputs), weights (n_inputs, n_neurons),
biases and dbiases (1, n_neurons), dvalues (batch, n_neurons), dinputs (batch, n_inputs).
"""

import numpy as np

from ..diagnostics import numerical_gradient
from ..engine import ActivationLayer, Dense, activation
from ..i18n import _
from .core import Exercise, Malformed, Mistake

LESSON = "02_dense_layer"
_relu, _sigmoid = activation("relu").f, activation("sigmoid").f


def _layer(weights, biases=None):
    """An engine Dense layer holding these weights (and biases)."""
    layer = Dense(*weights.shape, init="zeros")
    layer.weights = weights
    if biases is not None:
        layer.biases = biases
    return layer


def _forward_inputs(rng):
    """Square weights (n_inputs = n_neurons), so that a transposed weight matrix still runs."""
    batch, n = (int(k) for k in rng.choice(np.arange(2, 7), size=2, replace=False))
    return {
        "X": rng.normal(size=(batch, n)),
        "weights": rng.normal(size=(n, n)),
        "biases": rng.normal(size=(1, n)),
    }


def _forward(
    X=lambda i: i["X"], weights=lambda i: i["weights"], biases=lambda i: i["biases"], then=None
):
    def answer(i):
        out = _layer(weights(i), biases(i)).apply(X(i))
        return {"outputs": out if then is None else then(out)}

    return answer


def _shapes(i, *names):
    return ", ".join(f"{name} {i[name].shape}" for name in names)


DENSE_FORWARD = Exercise(
    name="dense_forward",
    lesson=LESSON,
    solution="dense_forward",
    inputs=_forward_inputs,
    answer=_forward(),
    call=lambda dense_forward, i: {"outputs": dense_forward(i["X"], i["weights"], i["biases"])},
    describe=lambda i: _shapes(i, "X", "weights", "biases"),
    mistakes=(
        Mistake(
            "no_biases",
            _forward(biases=lambda i: 0 * i["biases"]),
            _("Your outputs do not change when the biases change: the biases are not used."),
            _("z = X @ weights + biases: add the biases (they broadcast to every row)."),
        ),
        Mistake(
            "biases_subtracted",
            _forward(biases=lambda i: -i["biases"]),
            _("Your outputs move down when a bias grows: the biases are subtracted."),
            _("The biases are added: X @ weights + biases."),
        ),
        Mistake(
            "biases_multiplied",
            lambda i: {"outputs": (i["X"] @ i["weights"]) * i["biases"]},
            _(
                "Your outputs are the weighted sums scaled by the biases: the biases multiply instead of "
                "shifting."
            ),
            _("The biases are added: X @ weights + biases."),
        ),
        Mistake(
            "weights_transposed",
            _forward(weights=lambda i: i["weights"].T),
            _(
                "Your outputs have the right shape but wrong values: these square weights are used "
                "transposed, so each neuron reads another neuron's weights."
            ),
            _("weights already has shape (n_inputs, n_neurons): X @ weights, without .T."),
        ),
        Mistake(
            "relu_applied",
            _forward(then=_relu),
            _(
                "Your outputs are never negative: an activation (ReLU) is applied; dense_forward returns the "
                "layer's raw outputs."
            ),
            _("Return X @ weights + biases; ReLU is a separate step that comes after."),
        ),
        Mistake(
            "sigmoid_applied",
            _forward(then=_sigmoid),
            _(
                "Your outputs all lie between 0 and 1: an activation (the sigmoid) is applied; dense_forward "
                "returns the layer's raw outputs."
            ),
            _("Return X @ weights + biases; the activation is a separate step."),
        ),
    ),
    hints=(
        _("Each output neuron is a weighted sum of the inputs plus its bias."),
        _("Check the shapes: (batch, n_inputs) @ (n_inputs, n_neurons) gives (batch, n_neurons)."),
        _("biases has shape (1, n_neurons): adding it broadcasts it to every row of the batch."),
    ),
)


def _backward_inputs(rng):
    """All three sizes different, so that a missing transpose shows in the shapes; one weight at least
    negative, so that dropping the signs shows (all six of a (3, 2) draw are positive once in 64)."""
    batch, n_inputs, n_neurons = (
        int(k) for k in rng.choice(np.arange(2, 7), size=3, replace=False)
    )
    weights = rng.normal(size=(n_inputs, n_neurons))
    weights.flat[0] = -abs(weights.flat[0])
    return {
        "dvalues": rng.normal(size=(batch, n_neurons)),
        "X": rng.normal(size=(batch, n_inputs)),
        "weights": weights,
    }


def _backward_call(dense_backward, i):
    result = dense_backward(i["dvalues"], i["X"], i["weights"])
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        size = (
            _(" of length {length}").format(length=len(result))
            if isinstance(result, (tuple, list))
            else ""
        )
        raise Malformed(
            _("must return three arrays (dweights, dbiases, dinputs), got {kind}{size}").format(
                kind=type(result).__name__, size=size
            )
        )
    return dict(zip(("dweights", "dbiases", "dinputs"), result))


def _backward(**changed):
    """The engine's gradients, with the outputs named in `changed` replaced: name=f(i, right value)."""

    def answer(i):
        layer = _layer(i["weights"])
        dweights, dbiases = layer.weight_gradients(i["X"], i["dvalues"])
        right = {
            "dweights": dweights,
            "dbiases": dbiases,
            "dinputs": layer.input_gradient(i["dvalues"]),
        }
        return {
            name: changed[name](i, value) if name in changed else value
            for name, value in right.items()
        }

    return answer


DENSE_BACKWARD = Exercise(
    name="dense_backward",
    lesson=LESSON,
    solution="dense_backward",
    inputs=_backward_inputs,
    call=_backward_call,
    answer=_backward(),
    describe=lambda i: _shapes(i, "dvalues", "X", "weights"),
    mistakes=(
        Mistake(
            "dbiases_axis_dropped",
            _backward(dbiases=lambda i, d: d[0]),
            _(
                "Your dbiases has the right numbers but the shape (n_neurons,), while biases has the shape "
                "(1, n_neurons): the sum over the batch dropped the axis."
            ),
            _("np.sum(dvalues, axis=0, keepdims=True) keeps the axis."),
        ),
        Mistake(
            "dbiases_over_neurons",
            _backward(dbiases=lambda i, d: i["dvalues"].sum(axis=1, keepdims=True)),
            _(
                "Your dbiases has one value per example instead of one per neuron: the sum runs over the "
                "neurons."
            ),
            _("Sum over the batch, axis 0: np.sum(dvalues, axis=0, keepdims=True)."),
        ),
        Mistake(
            "dbiases_not_summed",
            _backward(dbiases=lambda i, d: i["dvalues"]),
            _(
                "Your dbiases is dvalues itself, one row per example: but every example uses the same biases, "
                "so their contributions add up."
            ),
            _("Add up the rows: np.sum(dvalues, axis=0, keepdims=True)."),
        ),
        Mistake(
            "dbiases_mean",
            _backward(dbiases=lambda i, d: d / len(i["X"])),
            _("Your dbiases is batch-size times too small: it is averaged over the examples."),
            _(
                "Sum, do not average: if the loss is a mean, its 1/batch is already inside dvalues. Use "
                "np.sum(dvalues, axis=0, keepdims=True)."
            ),
        ),
        Mistake(
            "dweights_mean",
            _backward(dweights=lambda i, d: d / len(i["X"])),
            _("Your dweights is batch-size times too small: it is averaged over the examples."),
            _(
                "Sum over the examples, X.T @ dvalues: the 1/batch of a mean loss is already inside dvalues."
            ),
        ),
        Mistake(
            "dinputs_abs_weights",
            _backward(dinputs=lambda i, d: i["dvalues"] @ np.abs(i["weights"]).T),
            _("Your dinputs has the right sizes but ignores the signs of the weights."),
            _("dinputs = dvalues @ weights.T, with the weights as they are."),
        ),
    ),
    hints=(
        _("There are three gradients to return: for the weights, the biases and the inputs."),
        _(
            "Let the shapes guide you: dweights must look like weights (n_inputs, n_neurons), so it is X "
            "transposed times dvalues."
        ),
        _(
            "dbiases sums dvalues over the batch (axis 0, keepdims=True); dinputs = dvalues @ weights.T."
        ),
    ),
)


def _relu_backward_inputs(rng):
    z = rng.normal(size=(4, 5))
    z.flat[rng.choice(z.size, size=4, replace=False)] = 0.0  # exact zeros: the kink
    return {"dvalues": rng.normal(size=(4, 5)), "z": z}


def _relu_backward(i):
    layer = ActivationLayer("relu")
    layer.forward(i["z"])
    return {"dinputs": layer.backward(i["dvalues"])}


def _gives(f):
    return lambda i: {"dinputs": f(i["dvalues"], i["z"])}


RELU_BACKWARD = Exercise(
    name="relu_backward",
    lesson=LESSON,
    solution="relu_backward",
    inputs=_relu_backward_inputs,
    answer=_relu_backward,
    call=lambda relu_backward, i: {"dinputs": relu_backward(i["dvalues"], i["z"])},
    describe=lambda i: _(
        "dvalues and z of shape {shape} (z has negative, positive and zero entries)"
    ).format(shape=i["z"].shape),
    mistakes=(
        Mistake(
            "passes_at_zero",
            _gives(lambda d, z: d * (z >= 0)),
            _("Your gradient passes where z is exactly 0; everywhere else it is right."),
            _("ReLU's derivative at exactly 0 counts as 0: the mask is z > 0, not z >= 0."),
        ),
        Mistake(
            "mask_inverted",
            _gives(lambda d, z: d * (z < 0)),
            _("Your gradient passes where z < 0 and is blocked where z > 0: the wrong way round."),
            _("The gradient passes where ReLU's slope is 1, z > 0: dvalues * (z > 0)."),
        ),
        Mistake(
            "passes_everywhere",
            _gives(lambda d, z: d),
            _("Your gradient is dvalues unchanged: nothing is blocked where z <= 0."),
            _(
                "Multiply by ReLU's derivative, 1 where z > 0 and 0 elsewhere: dvalues * (z > 0). (relu(z) >= 0 "
                "is always true, so it cannot serve as the mask.)"
            ),
        ),
        Mistake(
            "derivative_only",
            _gives(lambda d, z: (z > 0).astype(float)),
            _(
                "Your result holds only 0s and 1s: it is ReLU's derivative, not yet multiplied by dvalues."
            ),
            _("The chain rule multiplies: dvalues * (z > 0)."),
        ),
        Mistake(
            "times_relu",
            _gives(lambda d, z: d * _relu(z)),
            _(
                "Your gradient is dvalues scaled by the size of z where z > 0: it is multiplied by ReLU(z), "
                "not by ReLU's slope."
            ),
            _("Multiply by the derivative (1 where z > 0, else 0), not by ReLU(z) itself."),
        ),
        Mistake(
            "mask_from_dvalues",
            _gives(lambda d, z: _relu(d)),
            _(
                "Your gradient is blocked where dvalues is negative: the mask comes from dvalues, not from z."
            ),
            _("The mask comes from z, the input of ReLU: dvalues * (z > 0)."),
        ),
        Mistake(
            "forward_pass",
            _gives(lambda d, z: _relu(z)),
            _("Your result is ReLU(z), the forward pass: dvalues is not used."),
            _("The backward pass returns dvalues * (z > 0)."),
        ),
    ),
    hints=(
        _("ReLU passes the gradient through where its input was positive and blocks it elsewhere."),
        _("Make a mask from z (z > 0) and use it on dvalues."),
        _(
            "At z = 0 exactly the derivative counts as 0. Return a new array: do not change dvalues."
        ),
    ),
)

# numerical_gradient is judged by what its answer is like (core.Exercise.reading), on the test function
# f(x) = sum(c * x**3) + sum(x)**2, where each mistake leaves its own fingerprint: its gradient is
# 3 c x^2 + 2 sum(x); a central difference with step h adds exactly c h^2, a one-sided one about
# (3 c x + 1) h; the sum(x)**2 term couples the entries, so nudging several at once shows.
TOLERANCE = 1e-7  # a central difference with h between 1e-7 and 1e-4 is this accurate here


def _fd_case(rng, shape):
    c = rng.uniform(1.0, 3.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    x = rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    return c, x


def _fd_inputs(rng):
    (c, x), (c2, x2) = _fd_case(rng, (2, 3)), _fd_case(rng, (4,))
    return {"c": c, "x": x, "c2": c2, "x2": x2}


def _f(c, x):
    """f() reads the array x each time it is called, as a loss reads the weights."""
    return lambda: float(np.sum(c * x**3) + np.sum(x) ** 2)


def _fd_call(numerical_gradient, i):
    return {
        "gradient": numerical_gradient(_f(i["c"], i["x"]), i["x"]),
        "x after": i["x"],
        "with h = 1e-3": numerical_gradient(_f(i["c2"], i["x2"]), i["x2"], 1e-3),
    }


def _fd_answer(gradient=None, x_after=None, with_h=None):
    """The engine's numerical gradients (nnhelpers.numerical_gradient), parts replaced by functions of i."""

    def answer(i):
        x, x2 = i["x"].copy(), i["x2"].copy()
        right = {
            "gradient": numerical_gradient(_f(i["c"], x), x),
            "x after": x,
            "with h = 1e-3": numerical_gradient(_f(i["c2"], x2), x2, 1e-3),
        }
        for name, part in (("gradient", gradient), ("x after", x_after), ("with h = 1e-3", with_h)):
            if part is not None:
                right[name] = part(i)
        return right

    return answer


def _exact(c, x, h=0.0):
    """The exact gradient of the test function (h = 0), or exactly what a central difference with step h gives."""
    return 3 * c * x**2 + c * h**2 + 2 * np.sum(x)


def _one_sided(c, x, h):
    """Exactly what (f(x + h) - f(x)) / h gives for the test function."""
    return c * (3 * x**2 + 3 * x * h + h**2) + 2 * np.sum(x) + h


def _never_restored(c, x, h):
    """What nudging up, then down, and never putting the entry back gives: (gradient, x after)."""
    x = x.copy()
    f, gradient = _f(c, x), np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += h
        up = f()
        x[index] -= 2 * h
        gradient[index] = (up - f()) / (2 * h)
    return gradient, x


def _fit(residual, pattern):
    """(step, how badly step * pattern explains residual: 0 perfectly, 1 not at all)."""
    step = float(np.sum(residual * pattern) / np.sum(pattern * pattern))
    return step, float(np.linalg.norm(residual - step * pattern) / np.linalg.norm(residual))


def _gradient_reading(got, c, x):
    exact = _exact(c, x)
    if np.allclose(got, exact, rtol=TOLERANCE, atol=TOLERANCE):
        return "accurate"
    if not np.any(got):
        return "all zeros"
    if np.allclose(got, np.full(x.shape, np.sum(exact)), rtol=1e-4, atol=1e-6):
        return "every entry the same"
    if np.allclose(
        got, np.repeat(exact.sum(axis=1, keepdims=True), x.shape[1], axis=1), rtol=1e-4, atol=1e-6
    ):
        return "each row the same"
    residual = got - exact
    if np.linalg.norm(residual) < 0.5 * np.linalg.norm(exact):
        if _fit(residual, 3 * c * x + 1)[1] < 0.05:
            return "off like a one-sided difference"
        step, misfit = _fit(residual, c)
        if misfit < 0.05 and step > 0:
            return "off like a central difference with a large h"
    return "not accurate"


def _array(value, shape):
    array = np.asarray(value, dtype=np.float64)
    if array.shape != shape or not np.isfinite(array).all():
        raise ValueError(f"shape {array.shape} or not finite, expected {shape}")
    return array


def _fd_reading(got, i):
    """What a numerical gradient is like: accurate, restored, the given h used (or the mistake's pattern)."""
    gradient = _array(got["gradient"], i["x"].shape)
    x_after = _array(got["x after"], i["x"].shape)
    with_h = _array(got["with h = 1e-3"], i["x2"].shape)
    if np.allclose(with_h, _exact(i["c2"], i["x2"], 1e-3), rtol=1e-9, atol=1e-9):
        h_used = "the central difference with that h"
    elif np.allclose(with_h, _exact(i["c2"], i["x2"]), rtol=1e-9, atol=1e-9):
        h_used = "as with a much smaller h"
    else:
        h_used = "not a central difference with that h"
    return {
        "gradient": _gradient_reading(gradient, i["c"], i["x"]),
        "x after": "restored" if np.allclose(x_after, i["x"], rtol=0, atol=1e-12) else "changed",
        "with h = 1e-3": h_used,
    }


NUMERICAL_GRADIENT = Exercise(
    name="numerical_gradient",
    lesson=LESSON,
    solution="numerical_gradient",
    inputs=_fd_inputs,
    call=_fd_call,
    answer=_fd_answer(),
    reading=_fd_reading,
    describe=lambda i: _(
        "f = sum(c * x**3) + sum(x)**2 with x of shape (2, 3), then with x of shape (4,) and "
        "h = 1e-3"
    ),
    mistakes=(
        Mistake(
            "one_sided",
            _fd_answer(
                gradient=lambda i: _one_sided(i["c"], i["x"], 1e-5),
                with_h=lambda i: _one_sided(i["c2"], i["x2"], 1e-3),
            ),
            _(
                "Your gradient is off by about 1e-5, in the pattern of a one-sided difference: its error "
                "shrinks only like h."
            ),
            _(
                "Nudge the entry both ways, f(x + h) and f(x - h), and divide by 2h: the central difference's "
                "error shrinks like h squared."
            ),
        ),
        Mistake(
            "h_too_large",
            _fd_answer(gradient=lambda i: _exact(i["c"], i["x"], 0.1)),
            _(
                "Your gradient is off exactly as a central difference with a large step is: the error grows "
                "like h squared."
            ),
            _("Use a smaller default step: in float64 an h between 1e-7 and 1e-4 (1e-5 is usual)."),
        ),
        Mistake(
            "all_at_once",
            _fd_answer(
                gradient=lambda i: np.full(i["x"].shape, np.sum(_exact(i["c"], i["x"]))),
                with_h=lambda i: np.full(i["x2"].shape, np.sum(_exact(i["c2"], i["x2"]))),
            ),
            _(
                "Every entry of your gradient came out the same: the change of f when all entries move "
                "together."
            ),
            _("Nudge one entry at a time and leave the others as they are."),
        ),
        Mistake(
            "rows_not_entries",
            _fd_answer(
                gradient=lambda i: np.repeat(
                    _exact(i["c"], i["x"]).sum(axis=1, keepdims=True), 3, axis=1
                )
            ),
            _(
                "Each row of your gradient came out the same: x[i] with one index picks a whole row of a "
                "2-D array, so whole rows were nudged."
            ),
            _(
                "Loop over every entry, whatever the shape: np.ndindex(x.shape) gives all the indices."
            ),
        ),
        Mistake(
            "f_sees_no_nudge",
            _fd_answer(
                gradient=lambda i: np.zeros_like(i["x"]), with_h=lambda i: np.zeros_like(i["x2"])
            ),
            _("Your gradient is all zeros: f() did not see the nudges."),
            _(
                "f reads the array x itself: change the entries of x (not of a copy), call f(), then put the "
                "entry back."
            ),
        ),
        Mistake(
            "not_restored",
            _fd_answer(
                gradient=lambda i: _never_restored(i["c"], i["x"], 1e-5)[0],
                x_after=lambda i: _never_restored(i["c"], i["x"], 1e-5)[1],
                with_h=lambda i: _never_restored(i["c2"], i["x2"], 1e-3)[0],
            ),
            _(
                "After your function, x is not what it was: each nudged entry keeps its last nudge, and "
                "every later entry sees a changed array."
            ),
            _("Keep the old value in a variable and put it back after both calls of f."),
        ),
        Mistake(
            "h_ignored",
            _fd_answer(with_h=lambda i: _exact(i["c2"], i["x2"])),
            _(
                "With h = 1e-3 given, your result is what a much smaller h gives: the h passed in is not used."
            ),
            _("Use the argument h in the nudges and the division, not a fixed number."),
        ),
    ),
    hints=(
        _("Nudge one entry of x at a time, read f, and put the entry back before the next one."),
        _(
            "Central differences: (f with x[i] + h  minus  f with x[i] - h) / (2 h); the one-sided "
            "(f(x + h) - f(x)) / h is far less accurate."
        ),
        _(
            "np.ndindex(x.shape) visits every index; keep the old value in a variable and restore it after "
            "both calls of f."
        ),
    ),
)

EXERCISES = (DENSE_FORWARD, DENSE_BACKWARD, RELU_BACKWARD, NUMERICAL_GRADIENT)
