"""Lesson 04, the letters network: FullyConnectedNetwork's forward, backward and train.

The three exercises share one solution cell ("network"): the class FullyConnectedNetwork, built as
Network(n_inputs, n_hidden, n_outputs, seed), keeps W1 (n_inputs, n_hidden), b1 (1, n_hidden),
W2 (n_hidden, n_outputs), b2 (1, n_outputs).
    forward(X): X (batch, n_inputs) -> outputs (batch, n_outputs); keeps self.X, self.Z1, self.A1
    backward(outputs, Y): sets self.dW1, self.db1, self.dW2, self.db2 for the loss mean((outputs - Y)**2)
    train(X, Y, epochs, lr): full-batch gradient descent; returns the losses, each before its update
Each exercise runs the student's method with the engine's versions of the other two, so one mistake
costs one exercise. The right answers come from the engine's MLP with the same parameters.
"""

import numpy as np

from ..engine import MLP
from ..engine.losses import MSE
from ..i18n import _
from .core import Exercise, Malformed, Mistake

LESSON = "04_letters_abc"
CELL = "network"
PARAMETERS = ("W1", "b1", "W2", "b2")
_mse = MSE()


def two_layer_inputs(rng):
    """A network of all-different sizes (a missing transpose shows), a batch X and one-hot targets Y.

    Parameters of scale 0.5 and rates up to 0.2: a train that climbs the loss (the mistakes uphill
    and swapped_arguments) grows faster than exponentially, and at scale 1 and rates up to 0.3 a
    third of the seeds took it past the judge's bound on numbers (tools/grading/results.py)."""
    sizes = rng.choice(np.arange(3, 9), size=4, replace=False)
    n_inputs, n_hidden, n_outputs, batch = (int(n) for n in sizes)
    params = {
        "W1": rng.normal(scale=0.5, size=(n_inputs, n_hidden)),
        "b1": rng.normal(scale=0.5, size=(1, n_hidden)),
        "W2": rng.normal(scale=0.5, size=(n_hidden, n_outputs)),
        "b2": rng.normal(scale=0.5, size=(1, n_outputs)),
    }
    return {
        "params": params,
        "X": rng.normal(size=(batch, n_inputs)),
        "Y": np.eye(n_outputs)[rng.integers(0, n_outputs, size=batch)],
        "epochs": int(rng.integers(3, 6)),
        "lr": float(rng.uniform(0.05, 0.2)),
    }


def _describe_forward(i):
    p, (batch, n_inputs) = i["params"], i["X"].shape
    return _("a {sizes} network and a batch X of shape ({batch}, {n_inputs})").format(
        sizes=f"{n_inputs}-{p['W1'].shape[1]}-{p['W2'].shape[1]}", batch=batch, n_inputs=n_inputs
    )


def _describe(i):
    return _("{network} with one-hot targets Y of shape {shape}").format(
        network=_describe_forward(i), shape=i["Y"].shape
    )


def two_layer_mlp(params, activation="relu", output_activation="linear"):
    """The engine's two-layer network holding these parameters (a dict W1, b1, W2, b2)."""
    sizes = [*params["W1"].shape, params["W2"].shape[1]]
    return MLP(sizes, activation=activation, output_activation=output_activation).set_parameters(
        [(params["W1"], params["b1"]), (params["W2"], params["b2"])]
    )


def _build(Network, i, parts=None):
    """The student's Network(n_inputs, n_hidden, n_outputs, 0) with the inputs' parameters; parts:
    methods (a dict) put in place of the student's own."""
    Built = type(Network.__name__, (Network,), dict(parts)) if parts else Network
    p = i["params"]
    net = Built(p["W1"].shape[0], p["W1"].shape[1], p["W2"].shape[1], 0)
    for name in PARAMETERS:
        setattr(net, name, p[name].copy())
    return net


def _kept(net, names, method, why):
    missing = [name for name in names if not hasattr(net, name)]
    if missing:
        raise Malformed(
            _("does not set self.{names} in {method}, which {why}").format(
                names=", self.".join(missing), method=method, why=why
            )
        )
    return {name: getattr(net, name) for name in names}


# forward -------------------------------------------------------------------------------------------


def _forward_call(Network, i):
    net = _build(Network, i)
    outputs = net.forward(i["X"])
    return {
        "outputs": outputs,
        **_kept(net, ("Z1", "A1", "X"), "forward", _("backward reads later")),
    }


def _forward(params=lambda i: i["params"], **kinds):
    """The engine's forward pass: {"outputs", "Z1", "A1", "X"}; kinds: the MLP's activations."""

    def answer(i):
        Z1, A1, _Z2, outputs = two_layer_mlp(params(i), **kinds).layer_outputs(i["X"])
        return {"outputs": outputs, "Z1": Z1, "A1": A1, "X": i["X"]}

    return answer


def _outputs_only(**changed):
    """A mistake that shows in the outputs: the outputs of the engine's forward with `changed`."""
    forward = _forward(**changed)
    return lambda i: {"outputs": forward(i)["outputs"]}


def _without(name):
    return lambda i: {**i["params"], name: np.zeros_like(i["params"][name])}


FORWARD = Exercise(
    name="forward",
    lesson=LESSON,
    solution="FullyConnectedNetwork",
    cell=CELL,
    also=("FullyConnectedNetwork.forward",),
    inputs=two_layer_inputs,
    call=_forward_call,
    answer=_forward(),
    describe=_describe_forward,
    allowed=frozenset({"initializer"}),  # the given __init__ draws He weights with nh.initializer
    mistakes=(
        Mistake(
            "relu_on_output",
            _outputs_only(output_activation="relu"),
            _(
                "Your outputs are never negative: the output layer applies a ReLU, and an output stuck at "
                "0 passes back no gradient."
            ),
            _(
                "The output layer stays linear: return self.A1 @ self.W2 + self.b2, with no ReLU around it."
            ),
        ),
        Mistake(
            "no_hidden_relu",
            _outputs_only(activation="linear"),
            _(
                "Your outputs are those of a network whose hidden layer passes Z1 on unchanged: the hidden "
                "layer's ReLU is not applied."
            ),
            _("A1 = relu(Z1) = np.maximum(self.Z1, 0), and the output layer reads A1."),
        ),
        Mistake(
            "sigmoid_hidden",
            _outputs_only(activation="sigmoid"),
            _(
                "Your outputs are those of a hidden layer that squashes Z1 between 0 and 1: this network's "
                "hidden layer uses ReLU, not the sigmoid."
            ),
            _(
                "A1 = np.maximum(self.Z1, 0): ReLU keeps positive values and sets negative ones to 0."
            ),
        ),
        Mistake(
            "no_b1",
            _outputs_only(params=_without("b1")),
            _(
                "Your outputs do not change when b1 changes: the hidden layer's biases are not used."
            ),
            _("Z1 = X @ self.W1 + self.b1: add b1 before the ReLU."),
        ),
        Mistake(
            "no_b2",
            _outputs_only(params=_without("b2")),
            _(
                "Your outputs do not change when b2 changes: the output layer's biases are not used."
            ),
            _("outputs = self.A1 @ self.W2 + self.b2: add b2."),
        ),
    ),
    hints=(
        _("The network is two layers: a ReLU hidden layer and a linear output layer."),
        _("Z1 = X @ W1 + b1, A1 = relu(Z1), outputs = A1 @ W2 + b2 (each W and b is on self)."),
        _("backward needs X, Z1 and A1 later: keep them on self (self.X, self.Z1, self.A1)."),
    ),
)


# backward ------------------------------------------------------------------------------------------


def _backward_call(Network, i):
    """The student's backward on the engine's forward pass (net.X, net.Z1, net.A1 set beforehand)."""
    net = _build(Network, i)
    Z1, A1, _Z2, outputs = two_layer_mlp(i["params"]).layer_outputs(i["X"])
    net.X, net.Z1, net.A1 = i["X"].copy(), Z1, A1
    net.backward(outputs, i["Y"])
    return _kept(net, ("dW2", "db2", "dW1", "db1"), "backward", _("the update reads"))


def _gradients(params, X, dvalues):
    """The engine's backward pass from dvalues = d loss / d outputs: {"dW2", "db2", "dW1", "db1"}."""
    net = two_layer_mlp(params)
    net.forward(X)
    net.backward(dvalues)
    (dW1, db1), (dW2, db2) = (layer.gradients().values() for layer in net.dense_layers)
    return {"dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


def _backward(dvalues=lambda i, outputs: _mse.gradient(outputs, i["Y"]), change=None):
    """The engine's gradients for d loss / d outputs = dvalues(i, outputs) (the MSE's gradient);
    change: (i, gradients) -> gradients, for mistakes past the output layer."""

    def answer(i):
        grads = _gradients(
            i["params"], i["X"], dvalues(i, two_layer_mlp(i["params"]).predict(i["X"]))
        )
        return change(i, grads) if change else grads

    return answer


def _scaled(factor):
    """The gradients for the MSE's gradient at the outputs times factor(i)."""
    return _backward(lambda i, outputs: _mse.gradient(outputs, i["Y"]) * factor(i))


def _no_relu_derivative(i, grads):
    """dW1 and db1 as if the gradient passed the ReLU everywhere: the engine's Dense layers, with the
    gradient at A1 taken as the gradient at Z1."""
    net = two_layer_mlp(i["params"])
    dvalues = _mse.gradient(net.predict(i["X"]), i["Y"])
    hidden, output = net.dense_layers
    dW1, db1 = hidden.weight_gradients(i["X"], output.input_gradient(dvalues))
    return {**grads, "dW1": dW1, "db1": db1}


def _flat_biases(i, grads):
    return {**grads, "db2": grads["db2"][0], "db1": grads["db1"][0]}


BACKWARD = Exercise(
    name="backward",
    lesson=LESSON,
    solution="FullyConnectedNetwork",
    cell=CELL,
    also=("FullyConnectedNetwork.backward",),
    inputs=two_layer_inputs,
    call=_backward_call,
    answer=_backward(),
    describe=_describe,
    allowed=frozenset({"initializer"}),
    mistakes=(
        Mistake(
            "ignores_targets",
            _backward(lambda i, out: _mse.gradient(out, np.zeros_like(i["Y"]))),
            _(
                "Your gradients do not change when the targets Y change: the gradient at the outputs is "
                "computed from the outputs alone."
            ),
            _("The gradient at the outputs is delta2 = 2 * (outputs - Y) / outputs.size."),
        ),
        Mistake(
            "sign_flipped",
            _backward(lambda i, outputs: _mse.gradient(i["Y"], outputs)),
            _(
                "Every one of your gradients has the right size and the opposite sign: they point downhill, "
                "where a gradient points uphill."
            ),
            _(
                "The loss grows with outputs - Y: delta2 = 2 * (outputs - Y) / outputs.size, outputs first."
            ),
        ),
        Mistake(
            "no_mean_factor",
            _scaled(lambda i: i["Y"].size / 2),
            _(
                "Your gradients are outputs.size / 2 times too large: the loss is a mean, and its gradient "
                "carries the mean's factor."
            ),
            _(
                "delta2 = 2 * (outputs - Y) / outputs.size: the 2 from the square and 1 / outputs.size from the "
                "mean."
            ),
        ),
        Mistake(
            "factor_two_missing",
            _scaled(lambda i: 0.5),
            _(
                "Your gradients are half what they should be: the derivative of the square is missing its "
                "factor."
            ),
            _("d/dx of x ** 2 is 2 x: delta2 = 2 * (outputs - Y) / outputs.size."),
        ),
        Mistake(
            "mean_over_batch_only",
            _scaled(lambda i: i["Y"].shape[1]),
            _(
                "Your gradients are n_outputs times too large: the mean is taken over the batch only, while "
                "the loss averages over all batch * n_outputs numbers."
            ),
            _("Divide by outputs.size (batch * n_outputs), not by len(Y)."),
        ),
        Mistake(
            "no_relu_derivative",
            _backward(change=_no_relu_derivative),
            _(
                "Your dW2 and db2 are right, but dW1 and db1 let the gradient through where Z1 <= 0, where the "
                "ReLU is flat."
            ),
            _(
                "Multiply by ReLU's derivative: delta1 = (delta2 @ self.W2.T) * (self.Z1 > 0). (A1 >= 0 is always "
                "true, so a mask taken from A1 with >= does nothing.)"
            ),
        ),
        Mistake(
            "bias_axis_dropped",
            _backward(change=_flat_biases),
            _(
                "Your db1 and db2 hold the right numbers but have the shape (n,), while the biases have the "
                "shape (1, n): the sum over the batch dropped the axis."
            ),
            _("Sum with keepdims=True: delta2.sum(axis=0, keepdims=True), and likewise for db1."),
        ),
    ),
    hints=(
        _(
            "Start with the gradient of the loss mean((outputs - Y) ** 2) with respect to the outputs: delta2."
        ),
        _(
            "delta2 = 2 * (outputs - Y) / outputs.size; then dW2 = A1.T @ delta2 and db2 sums delta2 over the batch "
            "(keepdims=True)."
        ),
        _(
            "Back through the hidden layer: delta1 = (delta2 @ W2.T) * (Z1 > 0) for the ReLU; then dW1 and db1 as for "
            "the output layer, with X in place of A1."
        ),
    ),
)


# train ---------------------------------------------------------------------------------------------

CALLED_RIGHT, CALLED_SWAPPED = "backward(outputs, Y)", "backward(Y, outputs)"


def _train_call(Network, i):
    """The student's train with the engine's forward and backward in place of the student's: only
    train itself counts. It also notes how train passes its arguments to backward."""
    targets = i["Y"].copy()
    seen = {"last outputs": None, "calls": []}

    def forward(self, X):
        self.X = X
        self.Z1, self.A1, _Z2, outputs = two_layer_mlp(_parameters(self)).layer_outputs(X)
        seen["last outputs"] = outputs.copy()
        return outputs

    def backward(self, outputs, Y):
        seen["calls"].append(_how_called(outputs, Y, seen["last outputs"], targets))
        gradients = _gradients(_parameters(self), self.X, _mse.gradient(outputs, Y))
        for name, value in gradients.items():
            setattr(self, name, value)

    net = _build(Network, i, {"forward": forward, "backward": backward})
    losses = net.train(i["X"], i["Y"], i["epochs"], i["lr"])
    calls = sorted(set(seen["calls"])) or ["never"]
    return {
        **_kept(net, PARAMETERS, "train", _("the network keeps")),
        "losses": losses,
        "how train calls backward": " and ".join(calls),
    }


def _parameters(net):
    return {name: getattr(net, name) for name in PARAMETERS}


def _how_called(first, second, outputs, Y):
    def same(a, b):
        return a is not None and np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=0, atol=0)

    if same(first, outputs) and same(second, Y):
        return CALLED_RIGHT
    if same(first, Y) and same(second, outputs):
        return CALLED_SWAPPED
    return "backward(other arrays)"


def fitted(i, epochs=None, lr=None):
    """The engine's MLP.fit: (the parameters after training, the losses before each update)."""
    net = two_layer_mlp(i["params"])
    history = net.fit(i["X"], i["Y"], epochs or i["epochs"], lr or i["lr"], loss="mse")
    (W1, b1), (W2, b2) = (layer.parameters().values() for layer in net.dense_layers)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, history.losses


def _descent(i, lr=1.0, keep=(), epochs=None):
    """Gradient descent with the engine's forward, backward and step at lr * i["lr"] (lr=-1: uphill),
    the parameters named in `keep` left as they were: (parameters, losses before each update)."""
    net, losses = two_layer_mlp(i["params"]), []
    for _epoch in range(epochs or i["epochs"]):
        outputs = net.forward(i["X"])
        losses.append(_mse.value(outputs, i["Y"]))
        net.backward(_mse.gradient(outputs, i["Y"]))
        net.step(lr * i["lr"])
        for name in keep:  # W1 is layer 0's weights, b2 layer 1's biases, ...
            layer = net.dense_layers[int(name[1]) - 1]
            getattr(layer, "weights" if name[0] == "W" else "biases")[...] = i["params"][name]
    (W1, b1), (W2, b2) = (layer.parameters().values() for layer in net.dense_layers)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses


def _train(run=fitted, called=CALLED_RIGHT, losses=None):
    """The answer of a train whose parameters and losses `run(i)` gives; losses: (i, losses) -> the
    losses returned instead."""

    def answer(i):
        params, recorded = run(i)
        return {
            **params,
            "losses": losses(i, recorded) if losses else recorded,
            "how train calls backward": called,
        }

    return answer


def _after_update(i):
    params, _losses = fitted(i)
    return params, fitted(i, epochs=i["epochs"] + 1)[1][1:]


TRAIN = Exercise(
    name="train",
    lesson=LESSON,
    solution="FullyConnectedNetwork",
    cell=CELL,
    also=("FullyConnectedNetwork.train",),
    inputs=two_layer_inputs,
    call=_train_call,
    answer=_train(),
    allowed=frozenset({"initializer"}),
    describe=lambda i: _("{network}, {epochs} epochs at lr = {lr}").format(
        network=_describe(i), epochs=i["epochs"], lr=f"{i['lr']:.3g}"
    ),
    mistakes=(
        Mistake(
            "uphill",
            _train(lambda i: _descent(i, lr=-1.0)),
            _(
                "Your parameters move against the descent direction and the losses grow from epoch to "
                "epoch, although train passes backward its arguments in the right order."
            ),
            _("Step downhill: each parameter becomes parameter - lr * gradient, not plus."),
        ),
        Mistake(
            "swapped_arguments",
            _train(lambda i: _descent(i, lr=-1.0), called=CALLED_SWAPPED),
            _(
                "Your losses grow from epoch to epoch: train calls backward with Y where backward takes the "
                "outputs and the outputs where it takes Y, so the gradients it gets point the wrong way."
            ),
            _(
                "backward is defined as backward(self, outputs, Y): call self.backward(outputs, Y), in that "
                "order."
            ),
        ),
        Mistake(
            "swapped_and_uphill",
            _train(called=CALLED_SWAPPED),
            _(
                "Your parameters and losses come out right, but only because two mistakes cancel: train calls "
                "backward with Y and the outputs in swapped order (so the gradients point the wrong way), and "
                "the update adds lr * gradient."
            ),
            _(
                "Fix both: call self.backward(outputs, Y) and update each parameter to parameter - lr * "
                "gradient."
            ),
        ),
        Mistake(
            "no_learning_rate",
            _train(lambda i: fitted(i, lr=1.0)),
            _(
                "Your parameters move by the full gradient each epoch, whatever lr is: the learning rate is "
                "not used."
            ),
            _("Multiply each gradient by lr: parameter - lr * gradient."),
        ),
        Mistake(
            "biases_not_updated",
            _train(lambda i: _descent(i, keep=("b1", "b2"))),
            _(
                "Your W1 and W2 move, but b1 and b2 come back as they were: the biases are not updated."
            ),
            _("Update all four parameters: W1, b1, W2 and b2, each minus lr times its gradient."),
        ),
        Mistake(
            "not_updated",
            _train(lambda i: _descent(i, keep=PARAMETERS)),
            _(
                "Your parameters come back as they were and every loss is the same: nothing is updated."
            ),
            _(
                "After backward, set each parameter to parameter - lr * gradient (self.W1 = self.W1 - lr * "
                "self.dW1, ...)."
            ),
        ),
        Mistake(
            "loss_after_update",
            _train(_after_update),
            _(
                "Your parameters are right, but each loss is the one after that epoch's update: the first "
                "loss returned is not the loss of the starting parameters."
            ),
            _(
                "Record each epoch's loss from the outputs of its forward pass, before backward and the "
                "update."
            ),
        ),
        Mistake(
            "one_epoch",
            _train(lambda i: fitted(i, epochs=1)),
            _(
                "Your train stops after the first epoch: one loss comes back and the parameters moved once."
            ),
            _("The return comes after the loop over the epochs, not inside it."),
        ),
    ),
    hints=(
        _("One epoch is: forward, loss, backward, update; repeat for every epoch."),
        _("Record each epoch's loss before that epoch's update, and return the list of losses."),
        _("Update all four parameters: W1, b1, W2 and b2, each minus lr times its gradient."),
    ),
)

EXERCISES = (FORWARD, BACKWARD, TRAIN)
