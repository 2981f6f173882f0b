"""Lesson 08, debugging backpropagation: the seven bug fixes.

The lesson's network, one example per row (lesson 04's, keeping its parameters in a dict):
    Z1 = X @ W1 + b1, A1 = relu(Z1), A2 = A1 @ W2 + b2, loss = mean((A2 - Y) ** 2)
    params: W1 (n_inputs, n_hidden), b1 (1, n_hidden), W2 (n_hidden, n_outputs), b2 (1, n_outputs)
The mystery network (exercise 7) is the same with tanh in the hidden layer. Every right answer comes
from the engine's MLP, Dense layers and MSE; lesson 04's declaration builds them from a params dict.
"""

import numpy as np

from ..engine import activation
from ..engine.losses import MSE
from ..i18n import _
from .core import Exercise, Malformed, Mistake
from .lesson04 import PARAMETERS, fitted, two_layer_inputs, two_layer_mlp

LESSON = "08_debugging_backprop"
_mse = MSE()


def _copied(arrays):
    return {name: np.array(value, dtype=np.float64) for name, value in arrays.items()}


def _sizes(i):
    p = i["params"]
    return p["W1"].shape[0], p["W1"].shape[1], p["W2"].shape[1]


def _network(i):
    n_inputs, n_hidden, n_outputs = _sizes(i)
    return _("a {sizes} network, a batch X of shape {shape} and targets Y").format(
        sizes=f"{n_inputs}-{n_hidden}-{n_outputs}", shape=i["X"].shape
    )


def _outputs(i):
    return two_layer_mlp(i["params"]).predict(i["X"])


def _gradients(params, X, Y, activation_name="relu", hidden_derivative=None):
    """d mean((A2 - Y) ** 2) / d parameter, keyed like params, from the engine's Dense layers;
    hidden_derivative: (Z1, A1) -> what multiplies the gradient at A1 (a mistake's), else the
    activation's own derivative (the engine's backward pass)."""
    net = two_layer_mlp(params, activation=activation_name)
    Z1, A1, _Z2, outputs = net.layer_outputs(X)
    dA2 = _mse.gradient(outputs, Y)
    if hidden_derivative is None:
        net.forward(X)
        net.backward(dA2)
        (dW1, db1), (dW2, db2) = (layer.gradients().values() for layer in net.dense_layers)
    else:
        hidden, output = net.dense_layers
        dW2, db2 = output.weight_gradients(A1, dA2)
        dW1, db1 = hidden.weight_gradients(
            X, output.input_gradient(dA2) * hidden_derivative(Z1, A1)
        )
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


# Exercise 1: mse_and_gradient ------------------------------------------------------------------------


def _mse_inputs(rng):
    i = two_layer_inputs(rng)
    return {"A2": _outputs(i), "Y": i["Y"]}


def _mse_call(mse_and_gradient, i):
    result = mse_and_gradient(i["A2"], i["Y"])
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        size = (
            _(" of length {length}").format(length=len(result))
            if isinstance(result, (tuple, list))
            else ""
        )
        raise Malformed(
            _("must return a pair (loss, dA2), got {kind}{size}").format(
                kind=type(result).__name__, size=size
            )
        )
    return {"loss": result[0], "dA2": result[1]}


def _loss_answer(loss=None, dA2=None):
    """The engine's loss and gradient, or a mistake's: loss(i, right value), dA2(i, right gradient)."""

    def answer(i):
        value, gradient = _mse.value(i["A2"], i["Y"]), _mse.gradient(i["A2"], i["Y"])
        return {
            "loss": loss(i, value) if loss else value,
            "dA2": dA2(i, gradient) if dA2 else gradient,
        }

    return answer


def _size(i):
    return i["A2"].size


MSE_AND_GRADIENT = Exercise(
    name="mse_and_gradient",
    lesson=LESSON,
    solution="mse_and_gradient",
    inputs=_mse_inputs,
    call=_mse_call,
    answer=_loss_answer(),
    describe=lambda i: _("outputs A2 and targets Y of shape {shape}").format(shape=i["A2"].shape),
    mistakes=(
        Mistake(
            "ignores_targets",
            lambda i: {
                "loss": _mse.value(i["A2"], 0 * i["Y"]),
                "dA2": _mse.gradient(i["A2"], 0 * i["Y"]),
            },
            _(
                "Your loss and dA2 do not change when the targets Y change: they measure the outputs alone "
                "(this section's bug), so a network can lower them without ever getting closer to Y."
            ),
            _(
                "The loss measures the distance between the outputs and the targets: mean((A2 - Y) ** 2), "
                "and dA2 = 2 * (A2 - Y) / A2.size."
            ),
        ),
        Mistake(
            "sum_not_mean",
            _loss_answer(lambda i, v: v * _size(i), lambda i, g: g * _size(i)),
            _("Your loss is A2.size times too large: it adds up the squared errors."),
            _(
                "Take the mean of the squared errors over all A2.size numbers, np.mean((A2 - Y) ** 2), and "
                "divide dA2 by A2.size too."
            ),
        ),
        Mistake(
            "mean_absolute_error",
            _loss_answer(
                lambda i, v: np.mean(np.abs(i["A2"] - i["Y"])),
                lambda i, g: np.sign(i["A2"] - i["Y"]) / _size(i),
            ),
            _("Your loss is the mean of the errors' sizes, not of their squares."),
            _("Square the errors before the mean: np.mean((A2 - Y) ** 2)."),
        ),
        Mistake(
            "root_of_mean",
            _loss_answer(lambda i, v: np.sqrt(v)),
            _("Your loss is the square root of the right one (the root mean squared error)."),
            _("The loss is the mean of the squared errors itself, with no square root."),
        ),
        Mistake(
            "sign_flipped",
            _loss_answer(dA2=lambda i, g: -g),
            _(
                "Your dA2 has the right size and the opposite sign: it points to where the loss falls, a "
                "gradient points to where it rises."
            ),
            _("dA2 = 2 * (A2 - Y) / A2.size: outputs minus targets."),
        ),
        Mistake(
            "factor_two_missing",
            _loss_answer(dA2=lambda i, g: g / 2),
            _(
                "Your dA2 is half what it should be: the derivative of the square is missing its factor."
            ),
            _("d/de of e ** 2 is 2 e: dA2 = 2 * (A2 - Y) / A2.size."),
        ),
        Mistake(
            "no_mean_factor",
            _loss_answer(dA2=lambda i, g: g * _size(i) / 2),
            _(
                "Your dA2 is A2 - Y itself, A2.size / 2 times too large: the loss is a mean, and its "
                "gradient carries the factors of the square and of the mean."
            ),
            _("dA2 = 2 * (A2 - Y) / A2.size: 2 from the square, 1 / A2.size from the mean."),
        ),
        Mistake(
            "mean_over_rows",
            _loss_answer(dA2=lambda i, g: g * i["A2"].shape[1]),
            _(
                "Your dA2 is n_outputs times too large: it divides by the number of rows, while the loss "
                "averages over all rows * n_outputs numbers."
            ),
            _("Divide by A2.size, not by len(A2)."),
        ),
    ),
    hints=(
        _(
            "A loss must depend on the targets Y: the sanity checks of the lesson test exactly that."
        ),
        _("loss = mean((A2 - Y) ** 2), a single number."),
        _("Its gradient is 2 (A2 - Y) divided by the number of elements (A2.size)."),
    ),
)


# Exercise 2: flatten_images --------------------------------------------------------------------------


def _images_inputs(rng):
    n, rows, cols = (int(k) for k in rng.choice(np.arange(2, 8), size=3, replace=False))
    return {"images": rng.normal(size=(n, rows, cols))}


def _flattened(reorder=lambda images: images):
    """Each image one row: its pixel rows joined top to bottom, as nh.letters holds them."""
    return lambda i: {"X": reorder(i["images"]).reshape(len(i["images"]), -1)}


FLATTEN_IMAGES = Exercise(
    name="flatten_images",
    lesson=LESSON,
    solution="flatten_images",
    inputs=_images_inputs,
    call=lambda flatten_images, i: {"X": flatten_images(i["images"])},
    answer=_flattened(),
    describe=lambda i: _("images of shape {shape}").format(shape=i["images"].shape),
    mistakes=(
        Mistake(
            "rows_stacked",
            lambda i: {"X": i["images"].reshape(-1, i["images"].shape[2])},
            _(
                "Your X has one row per pixel row: the images' rows are stacked under each other (this "
                "section's bug), so there are more rows than images."
            ),
            _(
                "Every image becomes ONE row of rows * cols pixels: images.reshape(len(images), -1)."
            ),
        ),
        Mistake(
            "one_column_per_image",
            lambda i: {"X": _flattened()(i)["X"].T},
            _("Your X has one column per image: the examples run along the columns."),
            _("One example per row: shape (n, rows * cols), with no transpose."),
        ),
        Mistake(
            "column_by_column",
            _flattened(lambda images: images.transpose(0, 2, 1)),
            _("Your X has one row per image, but each row lists the pixels column by column."),
            _(
                "Join the pixel rows top to bottom, as nh.letters does: reshape, without a transpose."
            ),
        ),
    ),
    hints=(
        _("Each image should become one row of X."),
        _("reshape keeps the order of the pixels: rows joined top to bottom."),
        _("Use the shape of the images you are given (n, rows, cols), not fixed numbers."),
    ),
)


# Exercise 3: train_step ------------------------------------------------------------------------------

RIGHT_ORDER = ("forward(X)", "loss(outputs, Y)", "backward(Y)", "update(lr)")


def _same(a, b):
    return isinstance(a, np.ndarray) and a.shape == np.shape(b) and np.array_equal(a, b)


class _StepNet:
    """The lesson's network for train_step, the engine's MLP inside; it notes each call, in order,
    and whether it got this step's X, outputs, Y and lr. Its gradients start at 0, as the lesson's."""

    def __init__(self, i):
        self.mlp, self.given, self.calls, self.outputs = two_layer_mlp(i["params"]), i, [], None
        for layer in self.mlp.dense_layers:
            layer.dweights, layer.dbiases = (
                np.zeros_like(layer.weights),
                np.zeros_like(layer.biases),
            )

    def forward(self, X):
        self.calls.append("forward(X)" if _same(X, self.given["X"]) else "forward(other inputs)")
        self.outputs = self.mlp.forward(X)
        return self.outputs.copy()

    def loss(self, A2, Y):
        right = _same(A2, self.outputs) and _same(Y, self.given["Y"])
        self.calls.append("loss(outputs, Y)" if right else "loss(other arrays)")
        return _mse.value(A2, Y)

    def backward(self, Y):
        self.calls.append("backward(Y)" if _same(Y, self.given["Y"]) else "backward(other targets)")
        if self.outputs is None:
            raise RuntimeError(
                "net.backward ran before any net.forward: there is no forward pass to go "
                "back through"
            )
        self.mlp.backward(_mse.gradient(self.outputs, Y))

    def update(self, lr):
        right = np.isscalar(lr) and lr == self.given["lr"]
        self.calls.append("update(lr)" if right else "update(another learning rate)")
        self.mlp.step(lr)

    def __repr__(self):
        return "net"


def _train_step_call(train_step, i):
    net = _StepNet(i)
    loss = train_step(net, i["X"], i["Y"], i["lr"])
    (W1, b1), (W2, b2) = (layer.parameters().values() for layer in net.mlp.dense_layers)
    return {"calls": net.calls, "loss": loss, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _step(calls=RIGHT_ORDER, moved=True, loss_after=False):
    """One step of the engine's fit (moved: the parameters change), with these calls; loss_after:
    the loss returned is the one after the update."""

    def answer(i):
        after, losses = fitted(i, epochs=1)[0], fitted(i, epochs=2)[1]
        return {
            "calls": list(calls),
            "loss": losses[1] if loss_after else losses[0],
            **(after if moved else i["params"]),
        }

    return answer


TRAIN_STEP = Exercise(
    name="train_step",
    lesson=LESSON,
    solution="train_step",
    inputs=two_layer_inputs,
    call=_train_step_call,
    answer=_step(),
    describe=lambda i: _("{network}, one step at lr = {lr}").format(
        network=_network(i), lr=f"{i['lr']:.3g}"
    ),
    mistakes=(
        Mistake(
            "backward_not_called",
            _step(("forward(X)", "loss(outputs, Y)", "update(lr)"), moved=False),
            _(
                "Your train_step never calls net.backward, so no gradient is computed and no parameter "
                "moves: the update subtracts gradients that are still 0."
            ),
            _(
                "Writing net.backward without parentheses only looks the method up (this section's bug): "
                "call it, net.backward(Y), before net.update(lr)."
            ),
        ),
        Mistake(
            "update_not_called",
            _step(RIGHT_ORDER[:3], moved=False),
            _("Your train_step never calls net.update, so no parameter moves."),
            _("After net.backward(Y), call net.update(lr)."),
        ),
        Mistake(
            "update_before_backward",
            _step(("forward(X)", "loss(outputs, Y)", "update(lr)", "backward(Y)"), moved=False),
            _(
                "Your train_step calls net.update before net.backward: the update applies the gradients "
                "that were there before this step (all 0 on a first step), so nothing moves."
            ),
            _(
                "The order is forward, loss, backward, update: compute this step's gradients, then use them."
            ),
        ),
        Mistake(
            "loss_after_backward",
            _step(("forward(X)", "backward(Y)", "loss(outputs, Y)", "update(lr)")),
            _(
                "Your numbers are right, but train_step calls net.loss after net.backward, not in the order "
                "the lesson asks for."
            ),
            _("Call them in the order forward, loss, backward, update."),
        ),
        Mistake(
            "loss_not_called",
            _step(("forward(X)", "backward(Y)", "update(lr)")),
            _(
                "Your numbers are right, but train_step never calls net.loss: the loss comes from "
                "somewhere else than the network's own loss method."
            ),
            _(
                "Compute the loss with the network's method: loss = net.loss(A2, Y), right after the forward "
                "pass."
            ),
        ),
        Mistake(
            "loss_after_update",
            _step(
                ("forward(X)", "backward(Y)", "update(lr)", "forward(X)", "loss(outputs, Y)"),
                loss_after=True,
            ),
            _(
                "Your parameters move right, but the loss returned is the one after the update, from a "
                "second forward pass: fit would record every epoch's loss one step late."
            ),
            _(
                "Return the loss of this step's forward pass, computed with net.loss before backward and "
                "update."
            ),
        ),
    ),
    hints=(
        _("One step is forward, loss, backward, update, each exactly once and in that order."),
        _(
            "Compute the loss from the forward pass's output before anything is updated, and return it."
        ),
        _(
            "Make sure backward and update are both called: a loop that never calls them never learns."
        ),
    ),
)


# Exercise 4: update_parameters -----------------------------------------------------------------------


def _update_inputs(rng):
    i = two_layer_inputs(rng)
    return {
        "params": i["params"],
        "lr": i["lr"],
        "grads": {name: rng.normal(size=value.shape) for name, value in i["params"].items()},
    }


def _renamed(arrays):
    """The first layer's arrays under other names: the update must loop over whatever params holds."""
    return {"weights": arrays["W1"], "bias": arrays["b1"]}


def _update_call(update_parameters, i):
    lesson = _copied(i["params"])
    update_parameters(lesson, _copied(i["grads"]), i["lr"])
    answer = {"lesson": lesson}
    renamed = _copied(_renamed(i["params"]))
    try:
        update_parameters(renamed, _copied(_renamed(i["grads"])), i["lr"])
        answer["renamed"] = renamed
    except Exception as error:  # how it failed is the answer
        answer["renamed"] = f"raised {type(error).__name__}"
    try:
        update_parameters(_copied(i["params"]), {"W1": i["grads"]["W1"].copy()}, i["lr"])
        answer["missing gradient"] = "no error"
    except Exception:  # any error is right: the missing gradient was noticed
        answer["missing gradient"] = "error"
    return answer


def _stepped(params, grads, lr):
    """The engine's step of the lesson's parameters: each minus lr times its gradient."""
    net = two_layer_mlp(params)
    for layer, n in zip(net.dense_layers, (1, 2)):
        layer.dweights, layer.dbiases = grads[f"W{n}"], grads[f"b{n}"]
    net.step(lr)
    (W1, b1), (W2, b2) = (layer.parameters().values() for layer in net.dense_layers)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _update(lr=lambda i: i["lr"], keep=(), renamed=None, missing="error"):
    """The update's answer at learning rate lr(i) (-lr: uphill), the parameters in `keep` left as
    they were; renamed: what the renamed case gives instead (a string), missing: the missing case."""

    def answer(i):
        stepped = _stepped(i["params"], i["grads"], lr(i))
        lesson = {name: i["params"][name] if name in keep else stepped[name] for name in PARAMETERS}
        return {
            "lesson": lesson,
            "renamed": renamed or _renamed(lesson),
            "missing gradient": missing,
        }

    return answer


UPDATE_PARAMETERS = Exercise(
    name="update_parameters",
    lesson=LESSON,
    solution="update_parameters",
    inputs=_update_inputs,
    call=_update_call,
    answer=_update(),
    describe=lambda i: _(
        "the parameters W1, b1, W2, b2 of a {sizes} network with their gradients, lr = {lr} "
        "(and the same under the names weights, bias)"
    ).format(sizes="-".join(str(n) for n in _sizes(i)), lr=f"{i['lr']:.3g}"),
    mistakes=(
        Mistake(
            "biases_not_updated",
            _update(keep=("b1", "b2"), renamed="raised KeyError"),
            _(
                "Your update moves W1 and W2 but leaves b1 and b2 as they were (this section's bug), and it "
                "fails on parameters with other names."
            ),
            _(
                "Loop over the parameters themselves, for name in params: ..., so that every one moves, the "
                "biases too, whatever their names."
            ),
        ),
        Mistake(
            "params_not_changed",
            _update(keep=PARAMETERS),
            _(
                "Your update leaves the dict params it was given as it was: the network keeps using that "
                "dict, so it never learns."
            ),
            _(
                "Change the dict you were given, params[name] = params[name] - lr * grads[name]; assigning "
                "a new dict to the name params inside the function does not change the caller's."
            ),
        ),
        Mistake(
            "uphill",
            _update(lr=lambda i: -i["lr"]),
            _(
                "Your update moves every parameter by lr times its gradient in the direction that raises "
                "the loss."
            ),
            _("Subtract: params[name] -= lr * grads[name]."),
        ),
        Mistake(
            "no_learning_rate",
            _update(lr=lambda i: 1.0),
            _("Your update moves every parameter by its full gradient, whatever lr is."),
            _("Multiply each gradient by lr: params[name] -= lr * grads[name]."),
        ),
        Mistake(
            "missing_gradient_skipped",
            _update(missing="no error"),
            _(
                "Your update runs without an error when a parameter has no gradient in grads: that "
                "parameter silently stays frozen."
            ),
            _(
                "Loop over params, not over grads: grads[name] then raises a KeyError for a missing one."
            ),
        ),
    ),
    hints=(
        _("Every parameter must move: the weights and the biases."),
        _("Loop over the names in params, not over a list you wrote yourself."),
        _("A parameter without a gradient is a bug: let it raise an error instead of skipping it."),
    ),
)


# Exercise 5: two_layer_backward ----------------------------------------------------------------------


class _ForwardPass:
    """What two_layer_backward reads: net.X, net.Z1, net.A1, net.A2 (from the engine's forward pass)
    and net.params."""

    def __init__(self, params, X):
        self.params, self.X = params, X
        self.Z1, self.A1, _Z2, self.A2 = two_layer_mlp(params).layer_outputs(X)

    def __repr__(self):
        return "net"


def _backward_call(two_layer_backward, i):
    grads = two_layer_backward(_ForwardPass(i["params"], i["X"]), i["Y"])
    if not isinstance(grads, dict) or sorted(grads) != sorted(PARAMETERS):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise Malformed(
            _("must return a dict with the keys {keys}, got {got}").format(
                keys=list(PARAMETERS), got=got
            )
        )
    return grads


def _backward(Y=lambda i: i["Y"], scale=lambda i: 1.0, derivative=None, change=None):
    """The engine's gradients for targets Y(i), times scale(i); derivative: a mistake's ReLU
    derivative (Z1, A1) -> mask; change: (i, grads) -> grads for mistakes in the biases."""

    def answer(i):
        grads = _gradients(i["params"], i["X"], Y(i), hidden_derivative=derivative)
        grads = {name: value * scale(i) for name, value in grads.items()}
        return change(i, grads) if change else grads

    return answer


def _reflected_targets(i):
    """Targets that make the MSE's gradient the right one with its sign flipped: 2 A2 - Y."""
    return 2 * _outputs(i) - i["Y"]


TWO_LAYER_BACKWARD = Exercise(
    name="two_layer_backward",
    lesson=LESSON,
    solution="two_layer_backward",
    inputs=two_layer_inputs,
    call=_backward_call,
    answer=_backward(),
    describe=_network,
    mistakes=(
        Mistake(
            "sign_flipped",
            _backward(Y=_reflected_targets),
            _(
                "Every one of your gradients has the right size and the opposite sign: the gradient check "
                "gives a relative error of 1 for W1, b1, W2 and b2."
            ),
            _(
                "Y - A2 is the direction that lowers the loss, not its derivative (this section's bug): "
                "dA2 = 2 * (A2 - Y) / A2.size."
            ),
        ),
        Mistake(
            "ignores_targets",
            _backward(Y=lambda i: 0 * i["Y"]),
            _(
                "Your gradients do not change when the targets Y change: dA2 is computed from the outputs "
                "alone."
            ),
            _("dA2 = 2 * (net.A2 - Y) / net.A2.size."),
        ),
        Mistake(
            "no_relu_derivative",
            _backward(derivative=lambda Z1, A1: np.ones_like(Z1)),
            _(
                "Your W2 and b2 are right, but W1 and b1 let the gradient through where Z1 <= 0, where the "
                "ReLU is flat."
            ),
            _("Multiply by ReLU's derivative: dZ1 = (dA2 @ W2.T) * (net.Z1 > 0)."),
        ),
        Mistake(
            "relu_mask_inverted",
            _backward(derivative=lambda Z1, A1: (Z1 <= 0).astype(float)),
            _(
                "Your W2 and b2 are right, but W1 and b1 pass the gradient exactly where the hidden units "
                "were off and block it where they were on."
            ),
            _("The ReLU passes the gradient where Z1 > 0: multiply by (net.Z1 > 0)."),
        ),
        Mistake(
            "no_mean_factor",
            _backward(scale=lambda i: i["Y"].size / 2),
            _(
                "Your gradients are A2.size / 2 times too large: dA2 lacks the factors of the mean squared "
                "error."
            ),
            _("dA2 = 2 * (A2 - Y) / A2.size."),
        ),
        Mistake(
            "factor_two_missing",
            _backward(scale=lambda i: 0.5),
            _(
                "Your gradients are half what they should be: the derivative of the square is missing its "
                "factor."
            ),
            _("dA2 = 2 * (A2 - Y) / A2.size: the 2 comes from the square."),
        ),
        Mistake(
            "mean_over_rows",
            _backward(scale=lambda i: i["Y"].shape[1]),
            _(
                "Your gradients are n_outputs times too large: the mean is taken over the rows only, while "
                "the loss averages over all rows * n_outputs numbers."
            ),
            _("Divide by A2.size, not by len(Y)."),
        ),
        Mistake(
            "bias_averaged",
            _backward(
                change=lambda i, g: {**g, "b1": g["b1"] / len(i["X"]), "b2": g["b2"] / len(i["X"])}
            ),
            _(
                "Your weight gradients are right, but b1 and b2 are batch times too small: they average dZ "
                "over the batch."
            ),
            _("Add up the rows: db = dZ.sum(axis=0, keepdims=True)."),
        ),
        Mistake(
            "bias_axis_dropped",
            _backward(change=lambda i, g: {**g, "b1": g["b1"][0], "b2": g["b2"][0]}),
            _(
                "Your b1 and b2 hold the right numbers but have the shape (n,), while the biases have the "
                "shape (1, n): the sum over the batch dropped the axis."
            ),
            _("Sum with keepdims=True: dZ.sum(axis=0, keepdims=True)."),
        ),
    ),
    hints=(
        _("The gradient check compares your gradients with finite differences: they must agree."),
        _("Check the ReLU's derivative: it is 1 where the unit was on and 0 where it was off."),
        _(
            "Each dW is the transposed input of its layer times that layer's delta; each db sums the delta "
            "over the batch."
        ),
    ),
)


# Exercise 6: relu_derivative_from_output -------------------------------------------------------------

_relu = activation("relu")


def _relu_inputs(rng):
    Z = rng.normal(size=tuple(int(n) for n in rng.choice(np.arange(2, 7), size=2, replace=False)))
    Z.flat[rng.choice(Z.size, size=3, replace=False)] = (
        0.0  # exact zeros: A = 0 there, as for Z < 0
    )
    return {"Z": Z, "A": _relu.forward(Z)}


def _on(i):
    """The engine's ReLU derivative at the pre-activation Z: 1 where the unit is on, else 0."""
    return _relu.derivative(i["Z"])


RELU_DERIVATIVE_FROM_OUTPUT = Exercise(
    name="relu_derivative_from_output",
    lesson=LESSON,
    solution="relu_derivative_from_output",
    inputs=_relu_inputs,
    call=lambda relu_derivative_from_output, i: {"dA": relu_derivative_from_output(i["A"])},
    answer=lambda i: {"dA": _on(i)},
    describe=lambda i: _("A = relu(Z) of shape {shape}, with zeros where Z <= 0").format(
        shape=i["A"].shape
    ),
    mistakes=(
        Mistake(
            "greater_or_equal",
            lambda i: {"dA": np.ones_like(i["A"])},
            _(
                "Your derivative is 1 everywhere, also where the unit is off (A == 0): a ReLU output is "
                "never negative, so a test with >= 0 is always true (this section's bug)."
            ),
            _("A unit is on exactly where its output is positive: (A > 0).astype(float)."),
        ),
        Mistake(
            "returns_activations",
            lambda i: {"dA": i["A"]},
            _("Your derivative is the activations A themselves, not 1 and 0."),
            _("Return 1.0 where A > 0 and 0.0 where A == 0: (A > 0).astype(float)."),
        ),
        Mistake(
            "mask_inverted",
            lambda i: {"dA": 1.0 - _on(i)},
            _("Your derivative is 1 where the unit is off and 0 where it is on."),
            _("The unit passes the gradient where A > 0: (A > 0).astype(float)."),
        ),
        Mistake(
            "all_zero",
            lambda i: {"dA": np.zeros_like(i["A"])},
            _("Your derivative is 0 everywhere, so no gradient would reach the hidden layer."),
            _("It is 1 where A > 0: (A > 0).astype(float)."),
        ),
    ),
    hints=(
        _("You only have the ReLU's output A, not its input Z."),
        _("A unit that is off has A == 0 and passes no gradient; one that is on has A > 0."),
        _("Return floats (1.0 and 0.0) shaped like A; A must not change."),
    ),
)


# Exercise 7: mystery_fixed ---------------------------------------------------------------------------


def _mystery_inputs(rng):
    i = two_layer_inputs(rng)
    return {**i, "Y": rng.normal(size=i["Y"].shape)}


def _mystery_call(FixedNet, i):
    """The student's FixedNet(n_inputs, n_hidden, n_outputs, seed=0) given the inputs' parameters:
    the gradients its backward leaves in net.grads after one forward pass, then its own fit."""
    if not isinstance(FixedNet, type):
        raise Malformed(_("should be a class, got {kind}").format(kind=type(FixedNet).__name__))
    net = FixedNet(*_sizes(i), seed=0)
    net.params = _copied(i["params"])
    net.grads = {name: np.zeros_like(value) for name, value in net.params.items()}
    net.forward(i["X"].copy())
    net.backward(i["Y"].copy())
    gradients = {name: np.array(net.grads[name]) for name in PARAMETERS}
    net.params = _copied(i["params"])
    net.grads = {name: np.zeros_like(value) for name, value in net.params.items()}
    losses = net.fit(i["X"].copy(), i["Y"].copy(), i["epochs"], i["lr"])
    return {
        "gradients": gradients,
        "losses": losses,
        **{name: net.params[name] for name in PARAMETERS},
    }


def _mystery(derivative=None, stored=True):
    """The tanh network's answer, by the engine; derivative: a mistake's tanh derivative (Z1, A1) ->
    its values, trained with it; stored=False: the update is lost, so nothing moves."""

    def answer(i):
        grads = _gradients(i["params"], i["X"], i["Y"], "tanh", derivative)
        if not stored:
            loss = _mse.value(two_layer_mlp(i["params"], activation="tanh").predict(i["X"]), i["Y"])
            return {"gradients": grads, "losses": [loss] * i["epochs"], **i["params"]}
        if derivative is None:
            net = two_layer_mlp(i["params"], activation="tanh")
            losses = net.fit(i["X"], i["Y"], i["epochs"], i["lr"], loss="mse").losses
            (W1, b1), (W2, b2) = (layer.parameters().values() for layer in net.dense_layers)
            return {"gradients": grads, "losses": losses, "W1": W1, "b1": b1, "W2": W2, "b2": b2}
        params, losses = _copied(i["params"]), []
        for _epoch in range(i["epochs"]):
            losses.append(
                _mse.value(two_layer_mlp(params, activation="tanh").predict(i["X"]), i["Y"])
            )
            step = _gradients(params, i["X"], i["Y"], "tanh", derivative)
            params = _stepped(params, step, i["lr"])
        return {"gradients": grads, "losses": losses, **params}

    return answer


def _half_tanh_derivative(Z1, A1):
    return 1.0 - A1  # the mystery network's backward: tanh' taken as 1 - tanh


MYSTERY_FIXED = Exercise(
    name="mystery_fixed",
    lesson=LESSON,
    solution="FixedNet",
    inputs=_mystery_inputs,
    call=_mystery_call,
    answer=_mystery(),
    describe=lambda i: _(
        "{network}, its tanh network (MysteryNet's) trained for {epochs} epochs at lr = {lr}"
    ).format(network=_network(i), epochs=i["epochs"], lr=f"{i['lr']:.3g}"),
    mistakes=(
        Mistake(
            "nothing_fixed",
            _mystery(_half_tanh_derivative, stored=False),
            _(
                "Your network behaves as the mystery network does: the gradients of W1 and b1 disagree with "
                "the loss, and no parameter moves during fit."
            ),
            _(
                "Two bugs: backward multiplies by 1 - A1 where tanh'(z) = 1 - tanh(z) ** 2, and update "
                "computes new values without storing them in params."
            ),
        ),
        Mistake(
            "update_not_stored",
            _mystery(stored=False),
            _(
                "Your gradients are right, but no parameter moves during fit and every loss is the same."
            ),
            _(
                "update computes value - step but never stores it: write the new array into params[name] "
                "(or change the array in place)."
            ),
        ),
        Mistake(
            "tanh_derivative_wrong",
            _mystery(_half_tanh_derivative),
            _(
                "Your parameters move, but the gradients of W1 and b1 disagree with finite differences of "
                "the loss: the hidden layer's derivative is not that of tanh."
            ),
            _("tanh'(z) = 1 - tanh(z) ** 2 = 1 - A1 ** 2, not 1 - A1."),
        ),
    ),
    hints=(
        _(
            "Do not read the code first: run the toolbox on the mystery network and let it point at the "
            "broken part."
        ),
        _(
            "parameter_change_table shows which parameters never move; the gradient check shows which "
            "gradients disagree with finite differences."
        ),
        _(
            "Compare the derivative of each activation with its formula (tanh'(z) = 1 - tanh(z)^2) and check "
            "that update really stores the new values."
        ),
    ),
)

EXERCISES = (
    MSE_AND_GRADIENT,
    FLATTEN_IMAGES,
    TRAIN_STEP,
    UPDATE_PARAMETERS,
    TWO_LAYER_BACKWARD,
    RELU_DERIVATIVE_FROM_OUTPUT,
    MYSTERY_FIXED,
)
