"""Loss functions.

    loss_fn = loss("mse")
    loss_fn.value(y_pred, y_true)      # a float
    loss_fn.gradient(y_pred, y_true)   # d value / d y_pred, same shape as y_pred

y_pred and y_true have shape (batch, n_outputs); a 1-D array is read as one
column of outputs, (batch,) -> (batch, 1).

value and gradient check their arguments first; f and df are the bare formulas. These also take a
stack of networks' outputs, y_pred (seeds, batch, n_outputs) with y_true (batch, n_outputs): f then
reduces over the last two axes and returns one value per seed, bit for bit the value of each seed alone.
"""

import functools

import numpy as np

from ..i18n import _
from .validation import as_float_array, check_choice


class Loss:
    """Base class: subclasses implement `f(y_pred, y_true)` (the value) and `df` (its gradient) on arrays
    (..., batch, n_outputs); `check` returns the checked 2-D arrays."""

    name = "loss"

    def value(self, y_pred, y_true):
        """The loss, a Python float."""
        return float(self.f(*self.check(y_pred, y_true)))

    def gradient(self, y_pred, y_true):
        """d loss / d y_pred, an array shaped like y_pred."""
        y_pred_2d, y_true_2d = self.check(y_pred, y_true)
        return self.df(y_pred_2d, y_true_2d).reshape(np.shape(y_pred))

    def check(self, y_pred, y_true):
        """y_pred and y_true as float (batch, n_outputs) arrays of the same shape, or a clear error."""
        y_pred = as_float_array(y_pred, "y_pred")
        y_true = as_float_array(y_true, "y_true")
        if y_pred.shape != y_true.shape:
            raise ValueError(
                _(
                    "y_pred and y_true must have the same shape, got y_pred {a} and y_true {b}"
                ).format(a=y_pred.shape, b=y_true.shape)
            )
        if y_pred.ndim not in (1, 2) or y_pred.size == 0:
            raise ValueError(
                _(
                    "y_pred must be a non-empty array of shape (batch,) or (batch, n_outputs), "
                    "got {shape}"
                ).format(shape=y_pred.shape)
            )
        if y_pred.ndim == 1:
            y_pred, y_true = y_pred[:, None], y_true[:, None]
        return y_pred, y_true

    def __repr__(self):
        return f"loss({self.name!r})"


class MSE(Loss):
    """Mean squared error over all elements: mean((y_pred - y_true)**2), like PyTorch's mse_loss."""

    name = "mse"

    def f(self, y_pred, y_true):
        return per_block_sum((y_pred - y_true) ** 2) / block_size(y_pred)

    def df(self, y_pred, y_true):
        return 2.0 * (y_pred - y_true) / block_size(y_pred)


class HalfSSE(Loss):
    """Half the sum of squared errors: 1/2 * sum((y_pred - y_true)**2). Its gradient is y_pred - y_true."""

    name = "half_sse"

    def f(self, y_pred, y_true):
        return 0.5 * per_block_sum((y_pred - y_true) ** 2)

    def df(self, y_pred, y_true):
        return y_pred - y_true


def per_block_sum(values):
    """values (..., batch, n) -> (...): the sum of each (batch, n) block, added in the order np.sum adds
    one block alone (each block as one contiguous row), so a stack of seeds gets each seed's own number."""
    return values.reshape(values.shape[:-2] + (-1,)).sum(axis=-1)


def block_size(values):
    """batch * n for values (..., batch, n): how many numbers one network's outputs hold."""
    return values.shape[-2] * values.shape[-1]


def softmax(logits):
    """Softmax over the last axis. logits: (batch, n_classes) -> probabilities (batch, n_classes), rows
    sum to 1; a stack (seeds, batch, n_classes) works the same way.

    The row maximum is subtracted first, so exp never overflows.
    """
    e = np.exp(logits - row_max(logits))
    return e / e.sum(axis=-1, keepdims=True)


def row_max(values):
    """(..., n) -> (..., 1): each row's max, column by column (.max(axis=-1) is slow for few columns)."""
    return functools.reduce(np.maximum, np.moveaxis(values, -1, 0))[..., None]


class CrossEntropy(Loss):
    """Softmax followed by cross-entropy, averaged over the batch.

    y_pred are raw scores (logits), shape (batch, n_classes); y_true are one-hot
    rows (or any probability rows). value = -mean over rows of sum(y_true * log softmax(y_pred)).
    The gradient with respect to the logits is (softmax(y_pred) - y_true) / batch.
    """

    name = "cross_entropy"

    def check(self, y_pred, y_true):
        y_pred, y_true = super().check(y_pred, y_true)
        if (y_true < 0).any() or not np.allclose(y_true.sum(axis=1), 1.0):
            raise ValueError(
                _(
                    "y_true must hold one-hot rows (non-negative, each row summing to 1) "
                    "for cross_entropy, got row sums {sums}"
                ).format(sums=np.round(y_true.sum(axis=1), 4).tolist())
            )
        return y_pred, y_true

    def f(self, y_pred, y_true):
        shifted = y_pred - row_max(y_pred)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return -per_block_sum(y_true * log_probs) / y_pred.shape[-2]

    def df(self, y_pred, y_true):
        return (softmax(y_pred) - y_true) / y_pred.shape[-2]


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy of probabilities, averaged over all elements:
    -mean(y_true * log(y_pred) + (1 - y_true) * log(1 - y_pred)).

    y_pred are probabilities in [0, 1] (e.g. sigmoid outputs); y_true are 0 or 1.
    The gradient is (y_pred - y_true) / (y_pred * (1 - y_pred)) / size; after a sigmoid, the
    chain rule turns it into the simple (p - y) / size with respect to z.
    Probabilities are kept EPS away from 0 and 1 so that log never sees 0.
    """

    name = "binary_cross_entropy"
    EPS = 1e-12

    def check(self, y_pred, y_true):
        y_pred, y_true = super().check(y_pred, y_true)
        if (y_pred < 0).any() or (y_pred > 1).any():
            raise ValueError(
                _(
                    "y_pred must hold probabilities in [0, 1] for binary_cross_entropy, "
                    "got values from {low:.4g} to {high:.4g}"
                ).format(low=y_pred.min(), high=y_pred.max())
            )
        return y_pred, y_true

    def f(self, y_pred, y_true):
        y_pred = np.clip(y_pred, self.EPS, 1 - self.EPS)
        return -per_block_sum(
            y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)
        ) / block_size(y_pred)

    def df(self, y_pred, y_true):
        y_pred = np.clip(y_pred, self.EPS, 1 - self.EPS)
        return (y_pred - y_true) / (y_pred * (1 - y_pred)) / block_size(y_pred)


LOSSES = {cls.name: cls for cls in (MSE, HalfSSE, CrossEntropy, BinaryCrossEntropy)}


def loss(name):
    """Return the loss called `name`: "mse", "half_sse", "cross_entropy" or "binary_cross_entropy". A Loss instance is returned unchanged."""
    if isinstance(name, Loss):
        return name
    return LOSSES[check_choice(name, LOSSES, "loss")]()
