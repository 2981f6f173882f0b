"""Activation functions and their derivatives.

Every activation works elementwise on an array `z` of any shape (a Python
number works too) and returns an array of the same shape:

    act = activation("relu")
    act.forward(z)      # f(z)
    act.derivative(z)   # f'(z), the derivative with respect to z

forward and derivative check z first; f and df are the bare formulas, which the layers call on
arrays they already hold as float64.
"""

import numpy as np

from ..i18n import _
from .validation import as_float_array, check_choice, check_number, check_options


class Activation:
    """Base class: subclasses implement `f(z)` and `df(z)`, the formulas, on float64 arrays of any shape."""

    name = "activation"

    def forward(self, z):
        """f(z), elementwise. z: number or array of any shape."""
        return self.f(as_float_array(z, "z"))[()]

    def derivative(self, z):
        """f'(z), elementwise. z: number or array of any shape."""
        return self.df(as_float_array(z, "z"))[()]

    def df_from(self, z, a):
        """f'(z) when the output a = f(z) is known too (the layers know it). Tanh and Sigmoid read the
        derivative off a (df_from_output), which saves a second tanh or exp; the others use z."""
        return self.df(z)

    def __repr__(self):
        return f"activation({self.name!r})"


class ReLU(Activation):
    """relu(z) = max(0, z); relu'(z) = 1 if z > 0 else 0 (0 at the kink z = 0)."""

    name = "relu"

    def f(self, z):
        return np.maximum(z, 0.0)

    def df(self, z):
        return (z > 0).astype(np.float64)


class LeakyReLU(Activation):
    """leaky_relu(z) = z if z > 0 else alpha * z; derivative 1 or alpha (alpha at z = 0)."""

    name = "leaky_relu"

    def __init__(self, alpha=0.01):
        self.alpha = check_number(alpha, "alpha", low=0, below=1)

    def f(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def df(self, z):
        return np.where(z > 0, 1.0, self.alpha)

    def __repr__(self):
        return f"activation('leaky_relu', alpha={self.alpha})"


class Sigmoid(Activation):
    """sigmoid(z) = 1 / (1 + exp(-z)); derivative sigmoid(z) * (1 - sigmoid(z)).

    Computed as exp(-log(1 + exp(-z))): np.logaddexp(0, -z) = log(1 + exp(-z)) never
    overflows, so this is exact to rounding and warning-free for any finite z.
    """

    name = "sigmoid"

    def f(self, z):
        return np.exp(-np.logaddexp(0.0, -z))

    def df(self, z):
        return self.df_from_output(self.f(z))

    def df_from_output(self, s):
        """sigmoid'(z) from the output s = sigmoid(z): s * (1 - s)."""
        return s * (1.0 - s)

    def df_from(self, z, a):
        return self.df_from_output(a)


class Tanh(Activation):
    """tanh(z); derivative 1 - tanh(z)**2."""

    name = "tanh"

    def f(self, z):
        return np.tanh(z)

    def df(self, z):
        return self.df_from_output(np.tanh(z))

    def df_from_output(self, a):
        """tanh'(z) from the output a = tanh(z): 1 - a**2."""
        return 1.0 - a**2

    def df_from(self, z, a):
        return self.df_from_output(a)


class Linear(Activation):
    """linear(z) = z (the identity); derivative 1."""

    name = "linear"

    def f(self, z):
        return z.copy()

    def df(self, z):
        return np.ones_like(z)

    def df_from(self, z, a):
        return 1.0  # dvalues * 1.0 is dvalues * ones_like(z), without making the array of ones


ACTIVATIONS = {cls.name: cls for cls in (ReLU, LeakyReLU, Sigmoid, Tanh, Linear)}


def activation(name, **params):
    """Return the activation called `name` ("relu", "leaky_relu", "sigmoid", "tanh", "linear").

    params: options of that activation, e.g. activation("leaky_relu", alpha=0.1).
    An Activation instance is returned unchanged.
    """
    if isinstance(name, Activation):
        return name
    cls = ACTIVATIONS[check_choice(name, ACTIVATIONS, "activation")]
    return cls(**check_options(cls, params, _("activation {name!r}").format(name=name)))
