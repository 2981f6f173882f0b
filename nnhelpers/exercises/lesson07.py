"""Lesson 07, activation functions: collapse, leaky_relu, leaky_relu_derivative."""

import numpy as np

from ..engine import Dense, activation
from ..i18n import _
from .core import Exercise, Malformed, Mistake

LESSON = "07_activations"


def _collapse_inputs(rng):
    """Square layers, so that a reversed order or a transpose still runs and shows in the numbers."""
    n = int(rng.integers(2, 6))
    return {
        "W1": rng.normal(size=(n, n)),
        "b1": rng.normal(size=(1, n)),
        "W2": rng.normal(size=(n, n)),
        "b2": rng.normal(size=(1, n)),
    }


def _collapse_call(collapse, i):
    result = collapse(i["W1"], i["b1"], i["W2"], i["b2"])
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        size = (
            _(" of length {length}").format(length=len(result))
            if isinstance(result, (tuple, list))
            else ""
        )
        raise Malformed(
            _("must return a pair (W, b), got {kind}{size}").format(
                kind=type(result).__name__, size=size
            )
        )
    return {"W": result[0], "b": result[1]}


def _collapsed(i):
    """The engine's two Dense layers, read as one: b is what 0 becomes, W what each unit input adds."""
    first, second = Dense(*i["W1"].shape, init="zeros"), Dense(*i["W2"].shape, init="zeros")
    first.weights, first.biases, second.weights, second.biases = i["W1"], i["b1"], i["W2"], i["b2"]
    b = second.apply(first.apply(np.zeros((1, len(i["W1"])))))
    return {"W": second.apply(first.apply(np.eye(len(i["W1"])))) - b, "b": b}


def _with(W=None, b=None):
    def answer(i):
        right = _collapsed(i)
        return {"W": right["W"] if W is None else W(i), "b": right["b"] if b is None else b(i)}

    return answer


_SHAPES = lambda i: ", ".join(f"{name} {i[name].shape}" for name in ("W1", "b1", "W2", "b2"))

COLLAPSE = Exercise(
    name="collapse",
    lesson=LESSON,
    solution="collapse",
    inputs=_collapse_inputs,
    call=_collapse_call,
    answer=_collapsed,
    describe=_SHAPES,
    mistakes=(
        Mistake(
            "order_reversed",
            _with(W=lambda i: i["W2"] @ i["W1"]),
            _("Your W sends X through the second layer's weights first."),
            _("X meets W1 first and W2 second: X @ W1 @ W2, so W = W1 @ W2."),
        ),
        Mistake(
            "entrywise_product",
            _with(W=lambda i: i["W1"] * i["W2"]),
            _("Your W multiplies the two weight matrices entry by entry."),
            _("Stacked layers compose by the matrix product: W = W1 @ W2."),
        ),
        Mistake(
            "W_transposed",
            _with(W=lambda i: (i["W1"] @ i["W2"]).T),
            _("Your W is the right matrix transposed."),
            _("W must be (n_inputs, n_outputs), which W1 @ W2 already is: no .T."),
        ),
        Mistake(
            "weights_added",
            _with(W=lambda i: i["W1"] + i["W2"]),
            _("Your W adds the two weight matrices."),
            _("Adding does not stack the layers; multiply them: W = W1 @ W2."),
        ),
        Mistake(
            "biases_added",
            _with(b=lambda i: i["b1"] + i["b2"]),
            _("Your b adds b1 as it is, as if it did not pass through the second layer's weights."),
            _("b1 arrives at the output through W2: b = b1 @ W2 + b2."),
        ),
        Mistake(
            "b1_lost",
            _with(b=lambda i: i["b2"]),
            _("Your b is b2 alone: the first layer's bias never reaches the output."),
            _("b = b1 @ W2 + b2."),
        ),
        Mistake(
            "b2_missing",
            _with(b=lambda i: i["b1"] @ i["W2"]),
            _("Your b leaves out the second layer's own bias."),
            _("b = b1 @ W2 + b2: add b2."),
        ),
        Mistake(
            "b_flattened",
            _with(b=lambda i: (i["b1"] @ i["W2"] + i["b2"]).ravel()),
            _(
                "Your b has the right numbers but is flat, shape (n_outputs,), not a bias row (1, n_outputs)."
            ),
            _(
                "Keep it a row like b1 and b2: b1 @ W2 + b2 already has that shape; do not flatten it."
            ),
        ),
    ),
    hints=(
        _("Write out (X @ W1 + b1) @ W2 + b2 and multiply out the brackets."),
        _("It becomes X @ (something) + (something else): those are W and b."),
        _("Matrix products do not commute: mind the order of W1 and W2."),
    ),
)


def _alpha_inputs(rng):
    z = rng.normal(0.0, 3.0, size=(3, 4))
    z.flat[rng.choice(z.size, size=2, replace=False)] = 0.0
    return {"z": z, "number": float(rng.normal(0.0, 3.0)), "alpha": float(rng.uniform(0.05, 0.5))}


def _alpha_call(fn, i):
    return {
        "alpha's default": fn(i["z"]),
        "a number": fn(i["number"]),
        "alpha given": fn(i["z"], alpha=i["alpha"]),
    }


def _alphas(of):
    """The answer of of(z, alpha) with alpha's default 0.01, on a number, and with alpha given."""
    return lambda i: {
        "alpha's default": of(i["z"], 0.01),
        "a number": of(np.float64(i["number"]), 0.01),
        "alpha given": of(i["z"], i["alpha"]),
    }


def _leaky(z, alpha):
    return activation("leaky_relu", alpha=alpha).f(z)


def _leaky_slope(z, alpha):
    return activation("leaky_relu", alpha=alpha).df(z)


def _ignoring_alpha(of):
    return lambda i: {**_alphas(of)(i), "alpha given": of(i["z"], 0.01)}


def _describe(i):
    return _("z of shape {shape} (0 included), the number {number} and alpha = {alpha}").format(
        shape=i["z"].shape, number=f"{i['number']:.4g}", alpha=f"{i['alpha']:.3g}"
    )


LEAKY_RELU = Exercise(
    name="leaky_relu",
    lesson=LESSON,
    solution="leaky_relu",
    inputs=_alpha_inputs,
    call=_alpha_call,
    answer=_alphas(_leaky),
    describe=_describe,
    mistakes=(
        Mistake(
            "alpha_ignored",
            _ignoring_alpha(_leaky),
            _(
                "With alpha given, your result is the one for alpha = 0.01: the argument alpha is not used."
            ),
            _("Use the argument alpha, not the number 0.01."),
        ),
        Mistake(
            "alpha_on_positive",
            _alphas(lambda z, a: np.where(z > 0, a * z, z)),
            _("Your function scales the positive inputs by alpha and keeps the negative ones."),
            _(
                "alpha belongs to the negative side: z if z > 0, else alpha * z (np.where(z > 0, z, alpha * z))."
            ),
        ),
        Mistake(
            "plain_relu",
            _alphas(lambda z, a: np.maximum(z, 0.0)),
            _("Negative inputs come out as 0: that is plain ReLU."),
            _("Leaky ReLU keeps a small slope on the negative side: alpha * z there."),
        ),
        Mistake(
            "identity",
            _alphas(lambda z, a: z),
            _("Negative inputs come out unchanged."),
            _("Multiply the negative inputs by alpha: np.where(z > 0, z, alpha * z)."),
        ),
        Mistake(
            "all_scaled",
            _alphas(lambda z, a: a * z),
            _("Every input is scaled by alpha, the positive ones too."),
            _("Only the negative inputs are multiplied by alpha: np.where(z > 0, z, alpha * z)."),
        ),
        Mistake(
            "negative_side_sign",
            _alphas(lambda z, a: np.where(z > 0, z, -a * z)),
            _("Negative inputs come out positive."),
            _("The negative side is alpha * z, which is negative for negative z."),
        ),
        Mistake(
            "constant_alpha",
            _alphas(lambda z, a: np.where(z > 0, z, a)),
            _("Every negative input comes out as the same number, alpha."),
            _("Negative inputs become alpha * z, not alpha."),
        ),
        Mistake(
            "derivative",
            _alphas(_leaky_slope),
            _("Your values are only 1 and alpha: that is the slope, not leaky ReLU."),
            _("Return the function itself: z where z > 0, alpha * z elsewhere."),
        ),
    ),
    hints=(
        _("Leaky ReLU is ReLU with a small slope alpha on the negative side."),
        _("np.where(condition, a, b) picks a where the condition holds and b elsewhere."),
        _("Keep alpha's default at 0.01, and return a new array: z must not change."),
    ),
)

LEAKY_RELU_DERIVATIVE = Exercise(
    name="leaky_relu_derivative",
    lesson=LESSON,
    solution="leaky_relu_derivative",
    inputs=_alpha_inputs,
    call=_alpha_call,
    answer=_alphas(_leaky_slope),
    describe=_describe,
    mistakes=(
        Mistake(
            "alpha_ignored",
            _ignoring_alpha(_leaky_slope),
            _(
                "With alpha given, your slope is the one for alpha = 0.01: the argument alpha is not used."
            ),
            _("Use the argument alpha, not the number 0.01."),
        ),
        Mistake(
            "slope_one_at_zero",
            _alphas(lambda z, a: np.where(z >= 0, 1.0, a)),
            _("Your slope is 1 where z is exactly 0; everywhere else it is right."),
            _("At z = 0 the slope counts as alpha, as in nnhelpers: the condition is z > 0."),
        ),
        Mistake(
            "relu_derivative",
            _alphas(lambda z, a: (z > 0).astype(float)),
            _("Your slope is 0 on the negative side: that is ReLU's slope."),
            _("Leaky ReLU's slope is alpha there: np.where(z > 0, 1.0, alpha)."),
        ),
        Mistake(
            "function_not_slope",
            _alphas(_leaky),
            _("Your values are leaky ReLU itself, not its slope."),
            _("The slope is 1 for z > 0 and alpha elsewhere."),
        ),
        Mistake(
            "negative_alpha",
            _alphas(lambda z, a: np.where(z > 0, 1.0, -a)),
            _("Your slope is negative on the negative side."),
            _("The slope there is alpha, a positive number."),
        ),
    ),
    hints=(
        _("The slope is 1 for positive inputs and alpha elsewhere."),
        _("np.where(z > 0, 1.0, alpha) gives the slope elementwise."),
        _("At z = 0 exactly the slope counts as alpha, as in nnhelpers."),
    ),
)

EXERCISES = (COLLAPSE, LEAKY_RELU, LEAKY_RELU_DERIVATIVE)
