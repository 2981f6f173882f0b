"""The self-check of an exercise, in the student's kernel: nh.check("sigmoid", sigmoid).

It runs the student's code on inputs drawn from a fixed seed, reads the answer against the
declaration (core.diagnose) and either prints one line or raises CheckFailed (an AssertionError, so
the cell fails). Messages teach before they tell: the first failure says what is wrong and where
(which output, for which inputs, by how much) and what the symptom means; the fix comes only when the
same mistake comes back, or from nh.hint. Nothing here counts for the grade: the trusted grader
judges the solution cell again, outside this kernel (tools/grading/judge.py).
"""

from ..i18n import _
from . import hints
from .core import Malformed, diagnose, plain, rng_for, run, symptom

SELF_CHECK_SEED = 0
IN_PLACE = "changes_input"  # not a declared mistake: any exercise can make it


class CheckFailed(AssertionError):
    """A self-check failed; the message says what is wrong and where."""


def check(name, student):
    """Check the student's function or class for the exercise `name`; print a line when it is right,
    raise CheckFailed saying what is wrong otherwise."""
    exercise = hints.find(name)
    hints.note_lesson(exercise.lesson)
    inputs = exercise.inputs(rng_for(SELF_CHECK_SEED, exercise.name))
    message, mistake = first_problem(exercise, student, inputs)
    if message is None:
        hints.note_result(exercise.name, None)
        if exercise.value:
            said = _("{name}: right. (The grade is decided when you hand in.)")
        else:
            said = _("{name}: right. (The grade is decided when you hand in, on other inputs.)")
        print(said.format(name=exercise.name))
        return
    repeat = hints.note_result(exercise.name, mistake)
    raise CheckFailed(message + repeat)


def first_problem(exercise, student, inputs):
    """(message, mistake name) for the first thing wrong with the student's code, or (None, None)."""
    shown = exercise.solution
    if not exercise.value and not callable(student):
        return (
            _("{name} should be a function or a class, got {kind} {value}").format(
                name=shown, kind=type(student).__name__, value=f"{student!r:.60}"
            ),
            "not_callable",
        )
    try:
        got, changed = run(exercise, student, inputs)
    except NotImplementedError:
        if exercise.value:
            return _("{name} is not written yet: replace None with your value").format(
                name=shown
            ), "blank"
        return (
            _(
                "{name} is not written yet: replace `raise NotImplementedError()` with your code"
            ).format(name=shown),
            "blank",
        )
    except Malformed as error:
        return f"{shown} {error}", "malformed"
    except (
        Exception
    ) as error:  # the student's error becomes feedback, not a traceback into nnhelpers
        return (
            _("{name} raised {error}: {text}\n(called with {inputs})").format(
                name=shown,
                error=type(error).__name__,
                text=error,
                inputs=exercise.describe(inputs),
            ),
            "raised",
        )
    return feedback(exercise, got, changed, inputs)


def feedback(exercise, got, changed, inputs):
    """(message, mistake name) for a plain answer `got` that changed the inputs named in `changed`."""
    verdict = diagnose(exercise, got, inputs)
    where = _("{name} is wrong for {inputs}: {difference}.").format(
        name=exercise.solution, inputs=exercise.describe(inputs), difference=verdict.difference
    )
    if verdict.kind == "right":
        if changed:
            return (
                _(
                    "{name} gives the right answer but changes its input {inputs} in place: the "
                    "caller's array is not what it was before the call."
                ).format(name=exercise.solution, inputs=_(" and ").join(changed)),
                IN_PLACE,
            )
        return None, None
    if verdict.alike:
        told = " / ".join(exercise.mistake(name).message for name in verdict.alike)
        return (
            where
            + "\n"
            + _(
                "This answer fits {count} known mistakes that give the same numbers here "
                "({names}), so the check cannot tell which one you made: {told}"
            ).format(count=len(verdict.alike), names=", ".join(verdict.alike), told=told),
            "+".join(verdict.alike),
        )
    if verdict.kind == "mistake":
        return f"{where}\n{verdict.mistake.message} [{verdict.mistake.name}]", verdict.mistake.name
    seen = symptom(got, plain(exercise.answer(inputs)), exercise.rtol, exercise.atol)
    return where + (_(" Look: {symptom}.").format(symptom=seen) if seen else ""), "other"
