"""Input checks shared by every public function.

Each helper raises a ValueError or TypeError whose message names the
argument, says what was expected and shows what was given, so a student
never has to decode a NumPy broadcast error.
"""

import inspect
import numbers

import numpy as np


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
    ):
        if (
            allow_nonfinite or np.isfinite(value.sum()) or np.isfinite(value).all()
        ):  # one quick sum first
            return value
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(value).__name__} {value!r}"
        )
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(value).__name__}: {error}"
        ) from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must be a {ndim}-D array, got shape {array.shape} ({array.ndim}-D)"
        )
    if not allow_nonfinite and not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} contains {bad}; every value must be a finite number")
    return array


def check_positive_int(value, name):
    """Raise unless value is an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be a positive whole number, got {type(value).__name__} {value!r}"
        )
    if value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {value}")
    return int(value)


def check_positive_number(value, name):
    """Raise unless value is a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_choice(value, choices, name):
    """Raise unless value is one of `choices` (a mapping or a sequence of strings)."""
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {sorted(choices)}, got {type(value).__name__} {value!r}"
        )
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return value


def check_number(value, name, positive=False, low=None, below=None):
    """value (a number or a 0-D array) as a float; positive: > 0; low, below: low <= value < below."""
    value = float(as_float_array(value, name, ndim=0))
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    if (low is not None and value < low) or (below is not None and value >= below):
        raise ValueError(f"{name} must be in [{low}, {below}), got {value}")
    return value


def check_options(cls, options, what):
    """Raise unless every key of `options` is a keyword of cls(...); what names cls in the message.

    Only the names are checked here, so a bad value (alpha="x") gets cls's own clear message.
    """
    allowed = [name for name in inspect.signature(cls).parameters]
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        takes = f"takes the options {allowed}" if allowed else "takes no options"
        raise TypeError(f"{what} {takes}, got {unknown}")
    return options


def check_batch(value, name, n_columns, owner):
    """value as a float (batch, n_columns) array; owner says whose width it is, e.g. "this layer (n_inputs=3)"."""
    value = as_float_array(value, name, ndim=2)
    if value.shape[1] != n_columns:
        raise ValueError(
            f"{name} must have shape (batch, {n_columns}) for {owner}, got {value.shape}"
        )
    return value


def check_targets(Y, batch, n_outputs, name="Y"):
    """Y as a float (batch, n_outputs) array: one row per row of X, one column per output."""
    Y = as_float_array(Y, name, ndim=2)
    if Y.shape != (batch, n_outputs):
        raise ValueError(
            f"{name} must have shape {(batch, n_outputs)} "
            f"(one row per row of X, one column per output), got {Y.shape}"
        )
    return Y


def check_callable(value, name, how):
    """Raise unless value can be called; how shows the call, e.g. "callback(epoch, loss)"."""
    if not callable(value):
        raise TypeError(f"{name} must be callable as {how}, got {type(value).__name__}")
    return value


def check_shape(shape, name="shape"):
    """Raise unless shape is a non-empty tuple of whole numbers >= 1."""
    if (
        not isinstance(shape, tuple)
        or not shape
        or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in shape)
    ):
        raise ValueError(f"{name} must be a tuple of positive whole numbers, got {shape!r}")
    return shape


def check_generator(rng, user, name="rng"):
    """Raise unless rng is a numpy Generator; user says who needs it, e.g. "the 'he' initializer"."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator, e.g. np.random.default_rng(0), "
            f"for {user}, got {type(rng).__name__}"
        )
    return rng


def check_whole_number(value, name, low=0, high=None):
    """Raise unless value is a whole number (bools refused) with low <= value (<= high, if given)."""
    expected = (
        f"a whole number >= {low}" if high is None else f"a whole number from {low} to {high}"
    )
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__} {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {expected}, got {value}")
    return int(value)


def check_dvalues(dvalues, inputs, shape, what):
    """dvalues for a backward pass: forward came first (inputs is not None) and dvalues has `shape`;
    what says which shape that is, e.g. "(batch, n_neurons)"."""
    if inputs is None:
        raise RuntimeError(
            "call forward before backward: backward needs the inputs of the last forward pass"
        )
    dvalues = as_float_array(dvalues, "dvalues")
    if dvalues.shape != shape:
        raise ValueError(f"dvalues must have shape {shape} {what}, got {dvalues.shape}")
    return dvalues
