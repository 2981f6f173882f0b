"""Activation functions and their derivatives.

Every activation works elementwise on an array `z` of any shape (a Python
number works too) and returns an array of the same shape:

    act = activation("relu")
    act.forward(z)      # f(z)
    act.derivative(z)   # f'(z), the derivative with respect to z
"""
import numpy as np

from .validation import as_float_array, check_choice


class Activation:
    """Base class: subclasses implement `_f` and `_df` on float64 arrays."""

    name = "activation"

    def forward(self, z):
        """f(z), elementwise. z: number or array of any shape."""
        return self._f(as_float_array(z, "z"))[()]

    def derivative(self, z):
        """f'(z), elementwise. z: number or array of any shape."""
        return self._df(as_float_array(z, "z"))[()]

    def __repr__(self):
        return f"activation({self.name!r})"


class ReLU(Activation):
    """relu(z) = max(0, z); relu'(z) = 1 if z > 0 else 0 (0 at the kink z = 0)."""

    name = "relu"

    def _f(self, z):
        return np.maximum(z, 0.0)

    def _df(self, z):
        return (z > 0).astype(np.float64)


class LeakyReLU(Activation):
    """leaky_relu(z) = z if z > 0 else alpha * z; derivative 1 or alpha (alpha at z = 0)."""

    name = "leaky_relu"

    def __init__(self, alpha=0.01):
        alpha = float(as_float_array(alpha, "alpha", ndim=0))
        if not 0 <= alpha < 1:
            raise ValueError(f"alpha must be in [0, 1), got {alpha}")
        self.alpha = alpha

    def _f(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def _df(self, z):
        return np.where(z > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"activation('leaky_relu', alpha={self.alpha})"


class Sigmoid(Activation):
    """sigmoid(z) = 1 / (1 + exp(-z)); derivative sigmoid(z) * (1 - sigmoid(z)).

    Computed as exp(-log(1 + exp(-z))): np.logaddexp(0, -z) = log(1 + exp(-z)) never
    overflows, so this is exact to rounding and warning-free for any finite z.
    """

    name = "sigmoid"

    def _f(self, z):
        return np.exp(-np.logaddexp(0.0, -z))

    def _df(self, z):
        s = self._f(z)
        return s * (1.0 - s)


class Tanh(Activation):
    """tanh(z); derivative 1 - tanh(z)**2."""

    name = "tanh"

    def _f(self, z):
        return np.tanh(z)

    def _df(self, z):
        return 1.0 - np.tanh(z) ** 2


class Linear(Activation):
    """linear(z) = z (the identity); derivative 1."""

    name = "linear"

    def _f(self, z):
        return z.copy()

    def _df(self, z):
        return np.ones_like(z)


ACTIVATIONS = {cls.name: cls for cls in (ReLU, LeakyReLU, Sigmoid, Tanh, Linear)}


def activation(name, **params):
    """Return the activation called `name` ("relu", "leaky_relu", "sigmoid", "tanh", "linear").

    params: options of that activation, e.g. activation("leaky_relu", alpha=0.1).
    An Activation instance is returned unchanged.
    """
    if isinstance(name, Activation):
        return name
    check_choice(name, ACTIVATIONS, "activation")
    try:
        return ACTIVATIONS[name](**params)
    except TypeError:
        raise TypeError(f"activation {name!r} takes no options {sorted(params)}") from None
