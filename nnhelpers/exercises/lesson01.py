"""Lesson 01, a single neuron: sigmoid, relu, Neuron.activate, gradient_step."""

import numpy as np

from ..engine import MLP, ActivationLayer, Dense, activation
from ..i18n import _
from .core import PREAMBLE, Exercise, Malformed, Mistake

LESSON = "01_single_neuron"
_sigmoid, _relu = activation("sigmoid").f, activation("relu").f


def _numbers(rng):
    """A number and a (3, 4) array of both signs around 0, two entries exactly 0 (ReLU's kink)."""
    z = rng.normal(0.0, 3.0, size=(3, 4))
    z.flat[rng.choice(z.size, size=2, replace=False)] = 0.0
    return {"number": float(rng.normal(0.0, 3.0)), "z": z}


def _elementwise(fn, i):
    return {"array": fn(i["z"]), "number": fn(i["number"])}


def _both(reference):
    """The answer dict of an elementwise function given as reference(z)."""
    return lambda i: {"array": reference(i["z"]), "number": reference(np.float64(i["number"]))}


def _on_numbers(i):
    return _("an array z of shape {shape} and the number z = {number}").format(
        shape=i["z"].shape, number=f"{i['number']:.4g}"
    )


SIGMOID = Exercise(
    name="sigmoid",
    lesson=LESSON,
    solution="sigmoid",
    inputs=_numbers,
    call=_elementwise,
    answer=_both(_sigmoid),
    describe=_on_numbers,
    mistakes=(
        Mistake(
            "exponent_sign",
            _both(lambda z: 1 / (1 + np.exp(z))),
            _(
                "Your curve falls where the sigmoid rises: large z should give values near 1, and here they "
                "come out near 0."
            ),
            _("sigmoid(z) = 1 / (1 + e^(-z)): the exponent is minus z."),
        ),
        Mistake(
            "no_one_plus",
            _both(lambda z: 1 / np.exp(-z)),
            _("Your values grow without bound for large z; the sigmoid stays between 0 and 1."),
            _("The denominator is 1 + e^(-z): the '1 +' is missing."),
        ),
        Mistake(
            "exp_only",
            _both(lambda z: np.exp(-z)),
            _(
                "Your values are e^(-z) itself: above 1 for negative z, where the sigmoid is below 0.5."
            ),
            _("Divide 1 by (1 + e^(-z)); e^(-z) is only the inner part."),
        ),
        Mistake(
            "tanh",
            _both(np.tanh),
            _(
                "Your values go down to -1 and are 0 at z = 0; the sigmoid lies between 0 and 1 and is 0.5 "
                "at z = 0. This is tanh."
            ),
            _("The sigmoid is 1 / (1 + e^(-z)), not np.tanh."),
        ),
        Mistake(
            "derivative",
            _both(lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
            _(
                "Your values peak at 0.25 for z = 0 and fall on both sides: that is the sigmoid's slope, "
                "not the sigmoid."
            ),
            _("Return sigmoid(z) = 1 / (1 + e^(-z)) itself, not sigmoid(z) * (1 - sigmoid(z))."),
        ),
    ),
    hints=(
        _("The formula is sigmoid(z) = 1 / (1 + e^(-z))."),
        _("np.exp works on numbers and on whole arrays at once; math.exp only on one number."),
        _("Build it from the inside out: first np.exp(-z), then 1 + that, then 1 / that."),
    ),
)

RELU = Exercise(
    name="relu",
    lesson=LESSON,
    solution="relu",
    inputs=_numbers,
    call=_elementwise,
    answer=_both(_relu),
    describe=_on_numbers,
    mistakes=(
        Mistake(
            "identity",
            _both(lambda z: z),
            _("Negative inputs come out unchanged: your function returns its input."),
            _(
                "ReLU turns every negative number into 0: keep the larger of z and 0, elementwise "
                "(np.maximum(0, z))."
            ),
        ),
        Mistake(
            "min_instead_of_max",
            _both(lambda z: np.minimum(z, 0)),
            _(
                "Positive inputs come out as 0 and negative ones unchanged: the negative part is kept."
            ),
            _("Keep the larger of z and 0 (np.maximum), not the smaller."),
        ),
        Mistake(
            "absolute_value",
            _both(np.abs),
            _("Negative inputs come out positive, with their size kept."),
            _("Negative inputs become 0, not their absolute value: np.maximum(0, z)."),
        ),
        Mistake(
            "derivative",
            _both(lambda z: (z > 0).astype(float)),
            _("Your values are only 0s and 1s: that is ReLU's slope, not ReLU."),
            _("Return max(0, z) itself (np.maximum(0, z)), not whether z > 0."),
        ),
    ),
    hints=(
        _("ReLU keeps positive numbers and turns negative ones into 0."),
        _("np.maximum(a, b) compares elementwise; max(a, b) does not work on arrays."),
        _(
            "Compare each element of z with 0 and keep the larger: no loop needed, and z itself must not "
            "change."
        ),
    ),
)


def _neuron_inputs(rng):
    n = int(rng.integers(2, 6))
    return {
        "weights": rng.normal(size=n),
        "bias": float(rng.normal()),
        "one": rng.normal(size=n),
        "batch": rng.normal(size=(4, n)),
    }


def _activate(Neuron, i):
    neuron = Neuron(len(i["weights"]), np.random.default_rng(0))
    neuron.weights, neuron.bias = i["weights"], i["bias"]
    return {"one example": neuron.activate(i["one"]), "the batch": neuron.activate(i["batch"])}


def _neuron_answer(weights, bias, output="sigmoid"):
    """A one-neuron layer of the engine with these weights: x (n,) -> a number, (batch, n) -> (batch,)."""

    def answer(i):
        layer = Dense(len(i["weights"]), 1, init="zeros")
        layer.weights, layer.biases = np.reshape(weights(i), (-1, 1)), np.full((1, 1), bias(i))
        out = ActivationLayer(output)
        return {
            "one example": out.apply(layer.apply(i["one"][None]))[0, 0],
            "the batch": out.apply(layer.apply(i["batch"]))[:, 0],
        }

    return answer


def _neuron_describe(i):
    n = len(i["weights"])
    return _("{n} weights, one example x of shape ({n},) and a batch of shape (4, {n})").format(n=n)


NEURON = Exercise(
    name="neuron",
    lesson=LESSON,
    solution="Neuron",
    also=("activate", "Neuron.activate"),
    inputs=_neuron_inputs,
    call=_activate,
    describe=_neuron_describe,
    answer=_neuron_answer(lambda i: i["weights"], lambda i: i["bias"]),
    allowed=frozenset(
        {"activation"}
    ),  # the cell's own first line: nh_sigmoid = nh.activation("sigmoid")
    mistakes=(
        Mistake(
            "no_sigmoid",
            _neuron_answer(lambda i: i["weights"], lambda i: i["bias"], "linear"),
            _("Your outputs are not between 0 and 1: they are the weighted sum z itself."),
            _("activate returns sigmoid(z) with z = x @ weights + bias: apply nh_sigmoid to z."),
        ),
        Mistake(
            "no_bias",
            _neuron_answer(lambda i: i["weights"], lambda i: 0.0),
            _("Your outputs do not change when the bias changes: the bias is not used."),
            _("z = x @ self.weights + self.bias: add the bias before the sigmoid."),
        ),
        Mistake(
            "bias_subtracted",
            _neuron_answer(lambda i: i["weights"], lambda i: -i["bias"]),
            _("Your outputs move the wrong way when the bias grows: the bias is subtracted."),
            _("z = x @ self.weights + self.bias: the bias is added."),
        ),
        Mistake(
            "relu",
            _neuron_answer(lambda i: i["weights"], lambda i: i["bias"], "relu"),
            _(
                "Your outputs are 0 for every negative z and grow above 1: that is ReLU, and this neuron "
                "uses the sigmoid."
            ),
            _("Apply the sigmoid (nh_sigmoid) to z, not ReLU."),
        ),
        Mistake(
            "elementwise_product",
            lambda i: {
                "one example": _sigmoid(i["one"] * i["weights"] + i["bias"]),
                "the batch": _sigmoid(i["batch"] * i["weights"] + i["bias"]),
            },
            _(
                "Your activate gives one number per input, not one per example: the inputs are multiplied "
                "by the weights but not added up."
            ),
            _("x @ self.weights multiplies and sums in one go; x * self.weights only multiplies."),
        ),
    ),
    hints=(
        _("activate computes z = (weighted sum of the inputs) + bias, then applies the sigmoid."),
        _(
            "x @ self.weights multiplies and sums in one go, for one example (n_inputs,) and for a batch "
            "(batch, n_inputs) alike."
        ),
        _("The sigmoid is already there as nh_sigmoid (defined at the top of the cell)."),
    ),
)


def _step_inputs(rng):
    y = np.array([0.0, 1.0, *rng.integers(0, 2, size=4)])
    return {
        "weights": rng.normal(size=3),
        "bias": float(rng.normal()),
        "X": rng.normal(size=(6, 3)),
        "y": rng.permutation(y),
        "lr": float(rng.uniform(0.05, 0.5)),
    }


def _step_call(gradient_step, i):
    result = gradient_step(i["weights"], i["bias"], i["X"], i["y"], i["lr"])
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        size = (
            _(" of length {length}").format(length=len(result))
            if isinstance(result, (tuple, list))
            else ""
        )
        raise Malformed(
            _("must return a pair (new_weights, new_bias), got {kind}{size}").format(
                kind=type(result).__name__, size=size
            )
        )
    return {"new weights": result[0], "new bias": result[1]}


def _step(lr=None, mean=True):
    """One step of the engine: a sigmoid neuron trained one epoch on the mean binary cross-entropy.

    lr: another learning rate than the inputs'; mean False: the gradient n times larger (a sum)."""

    def answer(i):
        rate = (i["lr"] if lr is None else lr(i)) * (1 if mean else len(i["y"]))
        net = MLP([3, 1], output_activation="sigmoid").set_parameters(
            [(i["weights"][:, None], [i["bias"]])]
        )
        net.fit(i["X"], i["y"][:, None], epochs=1, lr=rate, loss="binary_cross_entropy")
        weights, biases = net.dense_layers[0].weights, net.dense_layers[0].biases
        return {"new weights": weights[:, 0], "new bias": biases[0, 0]}

    return answer


def _uphill_both(i):
    down = _step()(i)
    return {
        "new weights": 2 * i["weights"] - down["new weights"],
        "new bias": 2 * i["bias"] - down["new bias"],
    }


def _bias_kept(i):
    return {**_step()(i), "new bias": i["bias"]}


GRADIENT_STEP = Exercise(
    name="gradient_step",
    lesson=LESSON,
    solution="gradient_step",
    inputs=_step_inputs,
    call=_step_call,
    answer=_step(),
    describe=lambda i: _("6 examples with 3 features and lr = {lr}").format(lr=f"{i['lr']:.3g}"),
    allowed=frozenset({"activation"}),
    preamble=PREAMBLE + 'nh_sigmoid = nh.activation("sigmoid").forward\n',
    mistakes=(
        Mistake(
            "uphill",
            _uphill_both,
            _(
                "Your step moves the weights and the bias against the descent direction: the loss goes up."
            ),
            _(
                "With dz = (p - y) / n, dw = X.T @ dz: subtract, weights - lr * dw and bias - lr * db."
            ),
        ),
        Mistake(
            "sum_not_mean",
            _step(mean=False),
            _(
                "Your step is n = 6 times too large, as if the gradient were summed over the examples "
                "without dividing by their number."
            ),
            _("The loss is a mean over the examples: dz = (p - y) / n, with n = len(y)."),
        ),
        Mistake(
            "no_learning_rate",
            _step(lr=lambda i: 1.0),
            _("Your step has the size of the full gradient, whatever lr is."),
            _("Multiply the gradient by lr: weights - lr * dw, bias - lr * db."),
        ),
        Mistake(
            "bias_not_updated",
            _bias_kept,
            _("Your new weights are right, but the bias comes back unchanged."),
            _("The bias moves too: db = sum(dz), new bias = bias - lr * db."),
        ),
    ),
    hints=(
        _("Start from p = sigmoid(X @ weights + bias), the neuron's predictions for all examples."),
        _(
            "For the cross-entropy of a sigmoid the error signal is simply dz = (p - y) / n, with n the number "
            "of examples."
        ),
        _(
            "dw = X.T @ dz and db = dz.sum(); step downhill: weights - lr * dw and bias - lr * db, as new "
            "values (no -=)."
        ),
    ),
)

EXERCISES = (SIGMOID, RELU, NEURON, GRADIENT_STEP)
