"""Student self-checks of lesson 08 (lessons 01-07 are declared in nnhelpers.exercises). Each check_* takes the student's function or class, prints one line when it is
right, and raises CheckFailed (an AssertionError) with what is wrong and the likely cause when it is not;
from its third failure in a row on, the message ends with the next hint for that exercise."""

from .core import CheckFailed

# One line per lesson:
from .debugging import (
    check_flatten_images,
    check_mse_and_gradient,
    check_mystery_fixed,
    check_relu_derivative_from_output,
    check_train_step,
    check_two_layer_backward,
    check_update_parameters,
)  # lesson 08

# From a check's third failure in a row on, its message ends with the next hint (nnhelpers.checks.hints).
from .hints import with_hints

globals().update(
    {
        name: with_hints(check)
        for name, check in dict(globals()).items()
        if name.startswith("check_")
    }
)

__all__ = ["CheckFailed"] + [name for name in dir() if name.startswith("check_")]
