"""Input checks shared by every public function.

Each helper raises a ValueError or TypeError whose message names the
argument, says what was expected and shows what was given, so a student
never has to decode a NumPy broadcast error. Messages go through `_()` (nnhelpers.i18n): in the
student's language, formatted after translating.
"""

import inspect
import numbers

import numpy as np

from ..i18n import _


def as_float_array(value, name, ndim=None, allow_nonfinite=False):
    """Return `value` as a float64 ndarray, or raise a clear error.

    value: anything NumPy can turn into a numeric array.
    name: the argument's name, used in the message.
    ndim: if given, the required number of dimensions.
    """
    if (
        type(value) is np.ndarray
        and value.dtype == np.float64
        and (ndim is None or value.ndim == ndim)
        and (
            allow_nonfinite or np.isfinite(value.sum()) or np.isfinite(value).all()
        )  # a quick sum first
    ):
        return value
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            _("{name} must be a number or an array of numbers, got {kind} {value!r}").format(
                name=name, kind=type(value).__name__, value=value
            )
        )
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            _("{name} must be a number or an array of numbers, got {kind}: {error}").format(
                name=name, kind=type(value).__name__, error=error
            )
        ) from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            _("{name} must be a {ndim}-D array, got shape {shape} ({got}-D)").format(
                name=name, ndim=ndim, shape=array.shape, got=array.ndim
            )
        )
    if not allow_nonfinite and not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(
            _("{name} contains {bad}; every value must be a finite number").format(
                name=name, bad=bad
            )
        )
    return array


def check_positive_int(value, name):
    """Raise unless value is an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            _("{name} must be a positive whole number, got {kind} {value!r}").format(
                name=name, kind=type(value).__name__, value=value
            )
        )
    if value < 1:
        raise ValueError(
            _("{name} must be a positive whole number, got {value}").format(name=name, value=value)
        )
    return int(value)


def check_positive_number(value, name):
    """Raise unless value is a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            _("{name} must be a positive number, got {kind} {value!r}").format(
                name=name, kind=type(value).__name__, value=value
            )
        )
    if not np.isfinite(value) or value <= 0:
        raise ValueError(
            _("{name} must be a positive finite number, got {value}").format(name=name, value=value)
        )
    return float(value)


def check_choice(value, choices, name):
    """Raise unless value is one of `choices` (a mapping or a sequence of strings)."""
    if not isinstance(value, str):
        raise TypeError(
            _("{name} must be a string, one of {choices}, got {kind} {value!r}").format(
                name=name, choices=sorted(choices), kind=type(value).__name__, value=value
            )
        )
    if value not in choices:
        raise ValueError(
            _("unknown {name} {value!r}; expected one of {choices}").format(
                name=name, value=value, choices=sorted(choices)
            )
        )
    return value


def check_number(value, name, positive=False, low=None, below=None):
    """value (a number or a 0-D array) as a float; positive: > 0; low, below: low <= value < below."""
    value = float(as_float_array(value, name, ndim=0))
    if positive and value <= 0:
        raise ValueError(_("{name} must be positive, got {value}").format(name=name, value=value))
    if (low is not None and value < low) or (below is not None and value >= below):
        raise ValueError(
            _("{name} must be in [{low}, {below}), got {value}").format(
                name=name, low=low, below=below, value=value
            )
        )
    return value


def check_options(cls, options, what):
    """Raise unless every key of `options` is a keyword of cls(...); what names cls in the message.

    Only the names are checked here, so a bad value (alpha="x") gets cls's own clear message.
    """
    if not options:  # nothing to check (and reading the signature is slow: MLP builds many layers)
        return options
    allowed = [name for name in inspect.signature(cls).parameters]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        if allowed:
            message = _("{what} takes the options {allowed}, got {unknown}")
        else:
            message = _("{what} takes no options, got {unknown}")
        raise TypeError(message.format(what=what, allowed=allowed, unknown=unknown))
    return options


def check_batch(value, name, n_columns, owner):
    """value as a float (batch, n_columns) array; owner says whose width it is, e.g. "this layer (n_inputs=3)"."""
    value = as_float_array(value, name, ndim=2)
    if value.shape[1] != n_columns:
        raise ValueError(
            _("{name} must have shape (batch, {n_columns}) for {owner}, got {shape}").format(
                name=name, n_columns=n_columns, owner=owner, shape=value.shape
            )
        )
    return value


def check_targets(Y, batch, n_outputs, name="Y"):
    """Y as a float (batch, n_outputs) array: one row per row of X, one column per output."""
    Y = as_float_array(Y, name, ndim=2)
    if Y.shape != (batch, n_outputs):
        raise ValueError(
            _(
                "{name} must have shape {expected} "
                "(one row per row of X, one column per output), got {shape}"
            ).format(name=name, expected=(batch, n_outputs), shape=Y.shape)
        )
    return Y


def check_callable(value, name, how):
    """Raise unless value can be called; how shows the call, e.g. "callback(epoch, loss)"."""
    if not callable(value):
        raise TypeError(
            _("{name} must be callable as {how}, got {kind}").format(
                name=name, how=how, kind=type(value).__name__
            )
        )
    return value


def check_shape(shape, name="shape"):
    """Raise unless shape is a non-empty tuple of whole numbers >= 1."""
    if (
        not isinstance(shape, tuple)
        or not shape
        or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in shape)
    ):
        raise ValueError(
            _("{name} must be a tuple of positive whole numbers, got {shape!r}").format(
                name=name, shape=shape
            )
        )
    return shape


def check_generator(rng, user, name="rng"):
    """Raise unless rng is a numpy Generator; user says who needs it, e.g. "the 'he' initializer"."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            _(
                "{name} must be a numpy Generator, e.g. np.random.default_rng(0), "
                "for {user}, got {kind}"
            ).format(name=name, user=user, kind=type(rng).__name__)
        )
    return rng


def check_whole_number(value, name, low=0, high=None):
    """Raise unless value is a whole number (bools refused) with low <= value (<= high, if given)."""
    if high is None:
        expected = _("{name} must be a whole number >= {low}").format(name=name, low=low)
    else:
        expected = _("{name} must be a whole number from {low} to {high}").format(
            name=name, low=low, high=high
        )
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            _("{expected}, got {kind} {value!r}").format(
                expected=expected, kind=type(value).__name__, value=value
            )
        )
    if value < low or (high is not None and value > high):
        raise ValueError(_("{expected}, got {value}").format(expected=expected, value=value))
    return int(value)


def check_dvalues(dvalues, inputs, shape, what):
    """dvalues for a backward pass: forward came first (inputs is not None) and dvalues has `shape`;
    what says which shape that is, e.g. "(batch, n_neurons)"."""
    if inputs is None:
        raise RuntimeError(
            _("call forward before backward: backward needs the inputs of the last forward pass")
        )
    dvalues = as_float_array(dvalues, "dvalues")
    if dvalues.shape != shape:
        raise ValueError(
            _("dvalues must have shape {shape} {what}, got {got}").format(
                shape=shape, what=what, got=dvalues.shape
            )
        )
    return dvalues
