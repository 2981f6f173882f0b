"""Input checks shared by every public function.

Each helper raises a ValueError or TypeError whose message names the
argument, says what was expected and shows what was given, so a student
never has to decode a NumPy broadcast error.
"""
import numbers

import numpy as np


def as_float_array(value, name, ndim=None, allow_nonfinite=False):
    """Return `value` as a float64 ndarray, or raise a clear error.

    value: anything NumPy can turn into a numeric array.
    name: the argument's name, used in the message.
    ndim: if given, the required number of dimensions.
    """
    if type(value) is np.ndarray and value.dtype == np.float64 and (ndim is None or value.ndim == ndim):
        if allow_nonfinite or np.isfinite(value.sum()) or np.isfinite(value).all():   # one quick sum first
            return value
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__} {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__}: {error}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {array.shape} ({array.ndim}-D)")
    if not allow_nonfinite and not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} contains {bad}; every value must be a finite number")
    return array


def check_positive_int(value, name):
    """Raise unless value is an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive whole number, got {type(value).__name__} {value!r}")
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
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}, got {type(value).__name__} {value!r}")
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return value
