"""Hints: nh.hint("sigmoid"), nh.hint(sigmoid), nh.hint(Neuron) or nh.hint(neuron.activate).

A class whose methods are several exercises (lesson 04's FullyConnectedNetwork) stands for the one
whose self-check failed last; a method (nh.hint(net.train)) for its own exercise.

The first hint after a self-check recognised a mistake is the fix for that mistake; then the
exercise's general hints, one at a time, from a gentle reminder to the step most often missed. A
self-check failing with the same mistake again adds that mistake's fix to its message; from its third
failure in a row, an unrecognised answer gets the next general hint. A wrong name lists the
exercises of the lesson at hand (the one last checked, or the one whose functions this notebook
defines).
"""

import sys

from ..i18n import _
from . import EXERCISES, exercises

FAILURES_BEFORE_A_HINT = 3

_given = {}  # exercise -> how many general hints were given
_mistake = {}  # exercise -> the mistake its last self-check recognised, until its fix is given
_failures = {}  # exercise -> (failures in a row, the last failure's mistake name)
_lesson = []  # the lesson last checked or hinted


def note_lesson(lesson):
    _lesson[:] = [lesson]


def note_result(name, mistake):
    """Record a self-check's result (mistake None: right); returns what to add to its message."""
    if mistake is None:
        _failures.pop(name, None)
        _mistake.pop(name, None)
        return ""
    count, last = _failures.get(name, (0, None))
    _failures[name] = (count + 1, mistake)
    declared = {m.name: m for m in EXERCISES[name].mistakes}
    if mistake in declared:
        _mistake[name] = declared[mistake]
        if last == mistake:
            return "\n" + _("The same mistake again. To fix it: {fix}").format(
                fix=declared[mistake].hint
            )
        return "\n" + _('(nh.hint("{name}") tells how to fix it.)').format(name=name)
    if mistake == "changes_input" and last == mistake:
        return "\n" + _(
            "The same again. To fix it: build the result as a new array (an expression such as "
            "a - b makes one) instead of assigning into the input (x[...] = ..., x -= ..., x *= ...)."
        )
    if count + 1 >= FAILURES_BEFORE_A_HINT:
        return "\n" + next_hint(name)
    return ""


def _names(thing):
    """The names a student's object may go by: a name, a function's, a class's, a method's class."""
    if isinstance(thing, str):
        name = thing.removeprefix("check_")
        return [name, name.split(".")[0], name.split(".")[-1]]
    names = []
    function = getattr(thing, "__func__", thing)
    for attribute in ("__qualname__", "__name__"):
        value = getattr(function, attribute, None)
        if isinstance(value, str):
            names += [value, value.split(".")[0], value.split(".")[-1]]
    return names


def _current_lesson():
    if _lesson:
        return _lesson[0]
    defined = set(vars(sys.modules.get("__main__", sys)))
    counts = {}
    for ex in exercises():
        if ex.solution in defined:
            counts[ex.lesson] = counts.get(ex.lesson, 0) + 1
    return max(counts, key=counts.get) if counts else None


def find(thing):
    """The Exercise that `thing` names: its name, its function or class, or one of its methods."""
    names = _names(thing)
    lesson = _current_lesson()
    for key in ("name", "solution", "also"):
        found = [
            ex
            for ex in exercises()
            for name in names
            if (name in ex.also if key == "also" else getattr(ex, key) == name)
        ]
        if found:
            here = [ex for ex in found if ex.lesson == lesson] or found
            # A class whose methods are several exercises: the one whose self-check failed last.
            failing = [ex for ex in here if ex.name in _mistake] or [
                ex for ex in here if ex.name in _failures
            ]
            return (failing or here)[0]
    if lesson is None:
        listed = _("by lesson: {lessons}").format(
            lessons="; ".join(
                f"{stem}: {', '.join(ex.name for ex in exercises(stem))}"
                for stem in dict.fromkeys(ex.lesson for ex in exercises())
            )
        )
    else:
        listed = _("in {lesson}: {names}").format(
            lesson=lesson, names=", ".join(ex.name for ex in exercises(lesson))
        )
    shown = thing if isinstance(thing, str) else getattr(thing, "__name__", type(thing).__name__)
    raise ValueError(
        _("no exercise called {name}. The exercises {listed}").format(
            name=repr(shown), listed=listed
        )
    )


def next_hint(name):
    """The next hint for the exercise `name`: the fix of the mistake just made, or the next general one."""
    exercise = EXERCISES[name]
    if name in _mistake:
        mistake = _mistake.pop(name)
        return _(
            "Hint for {name}, about the mistake your last check showed ({mistake}): {fix}"
        ).format(name=name, mistake=mistake.name, fix=mistake.hint)
    number = min(_given.get(name, 0), len(exercise.hints) - 1)
    _given[name] = number + 1
    last = (
        _(" (that is the last hint: reread the lesson's explanation above the exercise)")
        if number == len(exercise.hints) - 1
        else ""
    )
    return (
        _("Hint {number} of {count} for {name}: {hint}").format(
            number=number + 1, count=len(exercise.hints), name=name, hint=exercise.hints[number]
        )
        + last
    )


def hint(exercise=None):
    """Print the next hint for `exercise`: its name (shown in its self-check cell), or the function,
    class or method you wrote. Without one, list this lesson's exercises."""
    if exercise is None:
        lesson = _current_lesson()
        shown = exercises(lesson) if lesson else exercises()
        print(
            _('Hints exist for: {names}. Ask with nh.hint("name").').format(
                names=", ".join(ex.name for ex in shown)
            )
        )
        return
    found = find(exercise)
    note_lesson(found.lesson)
    print(next_hint(found.name))
