"""A multilayer perceptron trained by full-batch gradient descent.

    net = MLP([30, 8, 3], activation="relu", output_activation="linear", init="he", seed=0)
    history = net.fit(X, Y, epochs=500, lr=0.1, loss="mse")
    history.losses      # one float per epoch
    net.predict(X)      # (batch, 3)

net.layers alternates Dense and ActivationLayer: Dense(30, 8), relu, Dense(8, 3), linear.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..i18n import _
from .layers import ActivationLayer, Dense
from .losses import loss as get_loss
from .validation import (
    as_float_array,
    check_batch,
    check_callable,
    check_positive_int,
    check_positive_number,
    check_targets,
)


class TrainingDiverged(ValueError):
    """Raised by MLP.fit when the loss becomes inf or NaN."""


@dataclass
class History:
    """What MLP.fit returns. losses[i] is the loss before the update of epoch i."""

    losses: list = field(default_factory=list)


class MLP:
    """layer_sizes = [n_inputs, hidden_1, ..., n_outputs]; one Dense layer between each pair.

    Hidden layers use `activation`, the last layer `output_activation`.
    Weights come from `init`, biases start at zero; all randomness comes from `seed`.
    """

    def __init__(
        self, layer_sizes, activation="relu", output_activation="linear", init="he", seed=0
    ):
        if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
            raise ValueError(
                _(
                    "layer_sizes must be a list of at least 2 sizes [n_inputs, ..., n_outputs], "
                    "got {sizes!r}"
                ).format(sizes=layer_sizes)
            )
        sizes = [check_positive_int(n, f"layer_sizes[{i}]") for i, n in enumerate(layer_sizes)]
        rng = np.random.default_rng(seed)
        self.layer_sizes = sizes
        self.layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            self.layers.append(Dense(n_in, n_out, init=init, rng=rng))
            last = i == len(sizes) - 2
            self.layers.append(ActivationLayer(output_activation if last else activation))

    @property
    def dense_layers(self):
        """The Dense layers only, first to last."""
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    def parameters(self):
        """The trainable arrays by name, {"layer 0 weights": array, "layer 0 biases": ..., ...}: the
        arrays themselves (changing one changes the network). Layers are counted among Dense layers."""
        return {
            f"layer {i} {name}": value
            for i, layer in enumerate(self.dense_layers)
            for name, value in layer.parameters().items()
        }

    def gradients(self):
        """d loss / d each parameter after backward, by the names of parameters()."""
        return {
            f"layer {i} {name}": value
            for i, layer in enumerate(self.dense_layers)
            for name, value in layer.gradients().items()
        }

    def set_parameters(self, parameters):
        """Load known weights: parameters is a list of (weights, biases), one pair per Dense layer.

        weights: (n_inputs, n_neurons) of that layer; biases: (n_neurons,) or (1, n_neurons). Copies are stored.
        """
        dense = self.dense_layers
        if not isinstance(parameters, (list, tuple)) or len(parameters) != len(dense):
            raise ValueError(
                _(
                    "parameters must be a list of {n} (weights, biases) pairs, one per Dense layer, "
                    "got {kind} of length {length}"
                ).format(
                    n=len(dense),
                    kind=type(parameters).__name__,
                    length=len(parameters) if hasattr(parameters, "__len__") else "?",
                )
            )
        new = {}
        for i, (layer, (weights, biases)) in enumerate(zip(dense, parameters)):
            weights = as_float_array(weights, f"parameters[{i}] weights", ndim=2)
            biases = as_float_array(biases, f"parameters[{i}] biases").reshape(1, -1)
            if weights.shape != layer.weights.shape or biases.shape != layer.biases.shape:
                raise ValueError(
                    _(
                        "parameters[{i}] must be weights of shape {shape} and biases of "
                        "{n} values, got {got} and {got_n} values"
                    ).format(
                        i=i,
                        shape=layer.weights.shape,
                        n=layer.biases.shape[1],
                        got=weights.shape,
                        got_n=biases.shape[1],
                    )
                )
            new[f"layer {i} weights"], new[f"layer {i} biases"] = weights, biases
        for name, value in self.parameters().items():  # all checked: now copy them in
            value[...] = new[name]
        return self

    def check_X(self, X):
        """X as a float (batch, n_inputs) array for this network, or a clear error."""
        n_inputs = self.layer_sizes[0]
        owner = _("this network (layer_sizes[0]={n})").format(n=n_inputs)
        return check_batch(X, "X", n_inputs, owner)

    def check_XY(self, X, Y):
        """X (batch, n_inputs) and Y (batch, n_outputs) as checked float arrays, or a clear error."""
        X = self.check_X(X)
        return X, check_targets(Y, X.shape[0], self.layer_sizes[-1])

    def forward(self, X):
        """X (batch, n_inputs) -> outputs (batch, n_outputs). Every layer remembers its inputs."""
        return self.forward_unchecked(self.check_X(X))

    def forward_unchecked(self, X):
        """forward without the check of X: X (..., batch, n_inputs), float64."""
        for layer in self.layers:
            X = layer.forward_unchecked(X)
        return X

    def backward(self, dvalues):
        """dvalues (batch, n_outputs) = d loss / d outputs. Fills every layer's gradients; returns dinputs."""
        for layer in reversed(self.layers):
            dvalues = layer.backward(dvalues)
        return dvalues

    def gradients_unchecked(self, dvalues):
        """backward without the checks, as MLP.fit needs it: dvalues (..., batch, n_outputs), float64.

        Fills every layer's gradients except the first layer's dinputs (d loss / d X): nothing uses it,
        and it costs as much as that layer's forward pass (a third of fit's time for [784, 256, 10],
        `make bench` fit_overhead_mid). This is the one shortcut of the training loop.
        """
        for layer in reversed(self.layers[1:]):
            dvalues = layer.backward_unchecked(dvalues)
        self.layers[0].parameter_gradients(dvalues)

    def predict(self, X):
        """Outputs for X (batch, n_inputs) -> (batch, n_outputs), without touching the stored inputs."""
        return self.layer_outputs(X)[-1]

    def layer_outputs(self, X):
        """The output of every layer of self.layers for X (batch, n_inputs), first to last: Dense
        layers' (batch, n_neurons) and their activations' alike. Nothing is remembered."""
        outputs, out = [], self.check_X(X)
        for layer in self.layers:
            out = layer.apply(out)
            outputs.append(out)
        return outputs

    def step(self, lr):
        """One gradient-descent update of every parameter: parameter -= lr * gradient (in place)."""
        for layer in self.dense_layers:
            for value, gradient in zip(layer.parameters().values(), layer.gradients().values()):
                value -= lr * gradient

    def fit(self, X, Y, epochs, lr, loss="mse", callback=None):
        """Full-batch gradient descent for `epochs` epochs at learning rate `lr`.

        X (batch, n_inputs), Y (batch, n_outputs). Each epoch: forward, loss,
        backward, step. Returns a History whose losses[i] is the loss before
        epoch i's update. callback(epoch, loss_value), if given, runs every epoch.
        Raises TrainingDiverged if the loss becomes inf or NaN.
        """
        X, Y = self.check_XY(X, Y)
        epochs = check_positive_int(epochs, "epochs")
        lr = check_positive_number(lr, "lr")
        loss_fn = get_loss(loss)
        if callback is not None:
            check_callable(callback, "callback", "callback(epoch, loss)")
        loss_fn.check(self.predict(X), Y)  # once: the targets suit this loss (e.g. one-hot rows)
        history = History()
        with np.errstate(
            over="ignore", invalid="ignore"
        ):  # divergence is reported below, not as warnings
            for epoch in range(epochs):  # X and Y were checked above: only the math here
                outputs = self.forward_unchecked(X)
                value = float(loss_fn.f(outputs, Y))
                if not math.isfinite(value):
                    raise TrainingDiverged(
                        _(
                            "training diverged at epoch {epoch}: the loss became {value} with "
                            "lr={lr}. Try a smaller learning rate, e.g. lr={a:g}, {b:g}, {c:g}: "
                            "a few rates, each 10 times smaller, and keep the best (lesson 06)."
                        ).format(
                            epoch=epoch, value=value, lr=lr, a=lr / 10, b=lr / 100, c=lr / 1000
                        )
                    )
                history.losses.append(value)
                if callback is not None:
                    callback(epoch, value)
                self.gradients_unchecked(loss_fn.df(outputs, Y))
                self.step(lr)
        return history

    def __repr__(self):
        return (
            f"MLP({self.layer_sizes}, activation={self.layers[1].activation.name!r}, "
            f"output_activation={self.layers[-1].activation.name!r})"
        )
