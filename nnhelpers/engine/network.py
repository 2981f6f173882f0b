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

from .activations import Linear
from .layers import ActivationLayer, Dense
from .losses import loss as get_loss
from .validation import as_float_array, check_positive_int, check_positive_number


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

    def __init__(self, layer_sizes, activation="relu", output_activation="linear", init="he", seed=0):
        if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
            raise ValueError(f"layer_sizes must be a list of at least 2 sizes [n_inputs, ..., n_outputs], "
                             f"got {layer_sizes!r}")
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

    def _check_X(self, X):
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self.layer_sizes[0]:
            raise ValueError(f"X must have shape (batch, {self.layer_sizes[0]}) for this network "
                             f"(layer_sizes[0]={self.layer_sizes[0]}), got {X.shape}")
        return X

    def set_parameters(self, parameters):
        """Load known weights: parameters is a list of (weights, biases), one pair per Dense layer.

        weights: (n_inputs, n_neurons) of that layer; biases: (n_neurons,) or (1, n_neurons). Copies are stored.
        """
        dense = self.dense_layers
        if not isinstance(parameters, (list, tuple)) or len(parameters) != len(dense):
            raise ValueError(f"parameters must be a list of {len(dense)} (weights, biases) pairs, one per Dense layer, "
                             f"got {type(parameters).__name__} of length {len(parameters) if hasattr(parameters, '__len__') else '?'}")
        checked = []
        for i, (layer, pair) in enumerate(zip(dense, parameters)):
            weights, biases = pair
            weights = as_float_array(weights, f"parameters[{i}] weights", ndim=2)
            biases = as_float_array(biases, f"parameters[{i}] biases").reshape(1, -1)
            if weights.shape != layer.weights.shape or biases.shape != layer.biases.shape:
                raise ValueError(f"parameters[{i}] must be weights of shape {layer.weights.shape} and biases of "
                                 f"{layer.biases.shape[1]} values, got {weights.shape} and {biases.shape[1]} values")
            checked.append((weights.copy(), biases.copy()))
        for layer, (weights, biases) in zip(dense, checked):
            layer.weights, layer.biases = weights, biases
        return self

    def _check_XY(self, X, Y):
        """X (batch, n_inputs) and Y (batch, n_outputs) as checked float arrays, or a clear error."""
        X = self._check_X(X)
        Y = as_float_array(Y, "Y", ndim=2)
        if Y.shape != (X.shape[0], self.layer_sizes[-1]):
            raise ValueError(f"Y must have shape {(X.shape[0], self.layer_sizes[-1])} "
                             f"(one row per row of X, one column per output), got {Y.shape}")
        return X, Y

    def forward(self, X):
        """X (batch, n_inputs) -> outputs (batch, n_outputs). Every layer remembers its inputs."""
        out = self._check_X(X)
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def backward(self, dvalues):
        """dvalues (batch, n_outputs) = d loss / d outputs. Fills every layer's gradients; returns dinputs."""
        for layer in reversed(self.layers):
            dvalues = layer.backward(dvalues)
        return dvalues

    def predict(self, X):
        """Outputs for X (batch, n_inputs) -> (batch, n_outputs), without touching the stored inputs."""
        out = self._check_X(X)
        for layer in self.layers:
            if isinstance(layer, Dense):
                out = out @ layer.weights + layer.biases
            else:
                out = layer.activation.forward(out)
        return out

    def step(self, lr):
        """One gradient-descent update of every Dense layer: parameter -= lr * gradient."""
        for layer in self.dense_layers:
            layer.weights -= lr * layer.dweights
            layer.biases -= lr * layer.dbiases

    def fit(self, X, Y, epochs, lr, loss="mse", callback=None):
        """Full-batch gradient descent for `epochs` epochs at learning rate `lr`.

        X (batch, n_inputs), Y (batch, n_outputs). Each epoch: forward, loss,
        backward, step. Returns a History whose losses[i] is the loss before
        epoch i's update. callback(epoch, loss_value), if given, runs every epoch.
        Raises TrainingDiverged if the loss becomes inf or NaN.
        """
        X, Y = self._check_XY(X, Y)
        epochs = check_positive_int(epochs, "epochs")
        lr = check_positive_number(lr, "lr")
        loss_fn = get_loss(loss)
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable as callback(epoch, loss), got {type(callback).__name__}")
        loss_fn._check(self.predict(X), Y)   # once: the targets suit this loss (e.g. one-hot rows)
        history = History()
        # X and Y were checked above: the loop does only the math, with two shortcuts that change no number.
        # A linear activation is the identity (its derivative is 1), so it is left out; and the first
        # layer's dinputs (d loss / d X) is never used, so it is not computed.
        layers = [layer for layer in self.layers if not _is_identity(layer)]
        later_layers_backwards = list(reversed(layers[1:]))   # the last layer first, the first layer left out
        with np.errstate(over="ignore", invalid="ignore"):   # divergence is reported below, not as warnings
            for epoch in range(epochs):
                out = X
                for layer in layers:
                    out = layer._forward(out)
                value = float(loss_fn._value(out, Y))
                if not math.isfinite(value):
                    raise TrainingDiverged(
                        f"training diverged at epoch {epoch}: the loss became {value} with lr={lr}. "
                        f"Try a smaller learning rate, e.g. lr={lr / 10:g}.")
                history.losses.append(value)
                if callback is not None:
                    callback(epoch, value)
                dvalues = loss_fn._gradient(out, Y)
                for layer in later_layers_backwards:
                    dvalues = layer._backward(dvalues)
                layers[0]._backward(dvalues, dinputs=False)
                self.step(lr)
        return history

    def __repr__(self):
        return (f"MLP({self.layer_sizes}, activation={self.layers[1].activation.name!r}, "
                f"output_activation={self.layers[-1].activation.name!r})")


def _is_identity(layer):
    """True for an activation layer that passes its inputs through unchanged ("linear")."""
    return isinstance(layer, ActivationLayer) and isinstance(layer.activation, Linear)
