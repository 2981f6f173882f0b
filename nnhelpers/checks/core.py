"""The machinery behind the self-checks: run a student's function, compare its answer with the
right one, and when it is wrong, say what is wrong and the likely cause.

A failed check raises CheckFailed, an AssertionError, so nbgrader scores the cell as failed;
a passed check prints one short line.
"""

import numpy as np

from ..exercises.selfcheck import CheckFailed


def passed(name):
    print(f"{name}: all checks passed")


def call(fn, name, *args, shown=None, hint=""):
    """fn(*args), turning the student's exception into a message that says where it came from.

    shown: how to write the call in the message (default: name and the shapes of the arguments);
    hint: a sentence added after the error.
    """
    if not callable(fn):
        raise CheckFailed(
            f"{name} should be a function (or class), got {type(fn).__name__} {fn!r:.60}"
        )
    try:
        return fn(*args)
    except NotImplementedError:
        raise CheckFailed(
            f"{name} is not written yet: replace `raise NotImplementedError()` with your code"
        ) from None
    except Exception as error:  # any error in the student's code becomes feedback, not a crash
        if shown is None:
            shapes = ", ".join(
                f"array of shape {np.shape(a)}" if isinstance(a, np.ndarray) else repr(a)
                for a in args
            )
            shown = f"{name}({shapes})"
        raise CheckFailed(
            f"{shown} raised {type(error).__name__}: {error}" + (f". {hint}" if hint else "")
        ) from None


def as_result_array(value, name, what):
    """The student's result as a float array, or a clear failure when it is not numeric."""
    if value is None:
        raise CheckFailed(f"{name} returned None for {what}: did you forget `return`?")
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailed(
            f"{name} returned {type(value).__name__} for {what}, expected numbers"
        ) from None


def compare(name, got, expected, what, mistakes=(), rtol=1e-6, atol=1e-9):
    """Fail unless `got` equals `expected` (same shape, values within tolerance).

    what: a phrase describing the input, used in the message ("a (4, 3) batch").
    mistakes: (wrong_value, explanation) pairs; when `got` equals a wrong_value, its explanation
    is the feedback. Sign flips and factors of 2 are recognised without being listed.
    """
    got = as_result_array(got, name, what)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        hint = ""
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            hint = ": the axes are swapped, did you forget a transpose (or transpose the wrong matrix)?"
        elif got.size == expected.size:
            hint = ": the right number of values in the wrong arrangement"
        raise CheckFailed(
            f"{name} returned shape {got.shape} for {what}, expected {expected.shape}{hint}"
        )
    if not np.isfinite(got).all():
        raise CheckFailed(f"{name} returned NaN or inf for {what}")
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    known = list(mistakes) + [
        (-expected, "the sign is flipped"),
        (
            2 * expected,
            "the result is twice too large (a factor 2 too many, e.g. the derivative of 1/2 x^2 is x, not 2x)",
        ),
        (expected / 2, "the result is half what it should be (a factor 1/2 too many)"),
    ]
    for wrong, explanation in known:
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            raise CheckFailed(f"{name} is wrong for {what}: {explanation}")
    worst = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
    at = f" at index {tuple(int(i) for i in worst)}" if got.ndim else ""
    raise CheckFailed(
        f"{name} is wrong for {what}: got {got[worst]:.6g}{at}, expected {expected[worst]:.6g}"
    )


def check_not_mutated(name, before, after, argument):
    """Fail if the student's function changed an input array in place."""
    if not np.array_equal(before, after):
        raise CheckFailed(
            f"{name} changed its input {argument} in place; compute a new array instead "
            "(e.g. np.maximum(0, z) or w - lr * dw, not z[z < 0] = 0 or w -= lr * dw)"
        )
