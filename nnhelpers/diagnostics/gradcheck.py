"""Checking analytic gradients against finite differences.

numerical_gradient(f, x)        # d f / d x by central differences; f() -> float, x changed in place
relative_error(analytic, numeric)
check_network_gradients(net, X, Y, loss="mse")   # {"layer 0 weights": error, ...}
"""

import numpy as np

from ..engine.losses import loss as get_loss
from ..engine.validation import as_float_array, check_callable, check_positive_number
from ..i18n import _


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function with respect to the array x.

    f: a function of no arguments that returns a float and reads x.
    x: a float64 ndarray of any shape; each entry is nudged by +h and -h in place
       and put back. Returns an array shaped like x:
       grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h).
    """
    check_callable(f, "f", _("f() -> float, a function of no arguments"))
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        if isinstance(x, np.ndarray):
            got = _("{kind} of dtype {dtype}").format(kind=type(x).__name__, dtype=x.dtype)
        else:
            got = type(x).__name__
        raise TypeError(
            _(
                "x must be a float64 numpy array that f reads (it is nudged in place), got {got}"
            ).format(got=got)
        )
    h = check_positive_number(h, "h")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):  # indexing x itself, so any view (e.g. a transpose) works
        original = x[index]
        x[index] = original + h
        f_plus = float(f())
        x[index] = original - h
        f_minus = float(f())
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||); 0.0 when both are zero.

    Below about 1e-7 in float64 the two gradients agree; above 1e-3 something is wrong.
    """
    a = as_float_array(analytic, "analytic")
    n = as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(
            _("analytic and numeric must have the same shape, got {a} and {b}").format(
                a=a.shape, b=n.shape
            )
        )
    denominator = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - n) / denominator)


def check_network_gradients(net, X, Y, loss="mse", h=1e-5):
    """Compare backprop with finite differences for every parameter of an MLP.

    Returns a dict {"layer 0 weights": relative error, "layer 0 biases": ..., ...}, one entry per
    parameter, by the names of net.parameters() (layers counted among Dense layers only).
    """
    loss_fn = get_loss(loss)
    net.backward(loss_fn.gradient(net.forward(X), Y))
    analytic = {name: gradient.copy() for name, gradient in net.gradients().items()}
    return {
        name: relative_error(
            analytic[name], numerical_gradient(lambda: loss_fn.value(net.predict(X), Y), value, h)
        )
        for name, value in net.parameters().items()
    }
