"""Every exercise of the course, declared once: one module per lesson (lesson01.py, lesson02.py, ...),
found by its name, so a new lesson's module needs no list to be edited.

    nh.check("sigmoid", sigmoid)      # the self-check of one exercise (its test cell calls it)
    nh.hint("sigmoid")                # or nh.hint(sigmoid): the next hint, first for the mistake just made
    exercise("sigmoid")               # the declaration: inputs, call, right answer, mistakes, hints
    exercises("01_single_neuron")     # a lesson's exercises, in the notebook's order

Each lesson module defines EXERCISES, a tuple of core.Exercise.
"""

import importlib
import pkgutil

from .core import (
    COMMON,
    Exercise,
    Malformed,
    Mistake,
    Verdict,
    diagnose,
    difference,
    plain,
    rng_for,
    run,
)


def _discover():
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("lesson"):
            for declared in importlib.import_module(f"{__name__}.{info.name}").EXERCISES:
                if declared.name in found:
                    raise ValueError(f"two exercises are called {declared.name!r}")
                found[declared.name] = declared
    return found


EXERCISES = _discover()


def exercises(lesson=None):
    """Every declared exercise (or one lesson's, by the notebook's stem), in lesson order."""
    return [ex for ex in EXERCISES.values() if lesson is None or ex.lesson == lesson]


def exercise(name):
    """The declaration of the exercise called `name`; KeyError naming the known ones otherwise."""
    if name not in EXERCISES:
        raise KeyError(f"no exercise called {name!r}; declared: {', '.join(EXERCISES)}")
    return EXERCISES[name]


from .selfcheck import CheckFailed, check  # noqa: E402  (they read EXERCISES)
from .hints import hint  # noqa: E402

__all__ = [
    "COMMON",
    "CheckFailed",
    "Exercise",
    "Malformed",
    "Mistake",
    "Verdict",
    "check",
    "diagnose",
    "difference",
    "exercise",
    "exercises",
    "hint",
    "plain",
    "rng_for",
    "run",
]
