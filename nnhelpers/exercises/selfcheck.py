"""The self-check of an exercise, in the student's kernel: nh.check("sigmoid", sigmoid).

It runs the student's code on inputs drawn from a fixed seed, reads the answer against the
declaration (core.diagnose) and either prints one line or raises CheckFailed (an AssertionError, so
the cell fails). Messages teach before they tell: the first failure says what is wrong and where
(which output, for which inputs, by how much) and what the symptom means; the fix comes only when the
same mistake comes back, or from nh.hint. Nothing here counts for the grade: the trusted grader
judges the solution cell again, outside this kernel (tools/grading/judge.py).
"""

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
        inputs_then = "" if exercise.value else ", on other inputs"
        print(f"{exercise.name}: right. (The grade is decided when you hand in{inputs_then}.)")
        return
    repeat = hints.note_result(exercise.name, mistake)
    raise CheckFailed(message + repeat)


def first_problem(exercise, student, inputs):
    """(message, mistake name) for the first thing wrong with the student's code, or (None, None)."""
    shown = exercise.solution
    if not exercise.value and not callable(student):
        return (
            f"{shown} should be a function or a class, got {type(student).__name__} {student!r:.60}",
            "not_callable",
        )
    try:
        got, changed = run(exercise, student, inputs)
    except NotImplementedError:
        if exercise.value:
            return f"{shown} is not written yet: replace None with your value", "blank"
        return (
            f"{shown} is not written yet: replace `raise NotImplementedError()` with your code",
            "blank",
        )
    except Malformed as error:
        return f"{shown} {error}", "malformed"
    except (
        Exception
    ) as error:  # the student's error becomes feedback, not a traceback into nnhelpers
        return (
            f"{shown} raised {type(error).__name__}: {error}\n(called with {exercise.describe(inputs)})",
            "raised",
        )
    return feedback(exercise, got, changed, inputs)


def feedback(exercise, got, changed, inputs):
    """(message, mistake name) for a plain answer `got` that changed the inputs named in `changed`."""
    verdict = diagnose(exercise, got, inputs)
    where = f"{exercise.solution} is wrong for {exercise.describe(inputs)}: {verdict.difference}."
    if verdict.kind == "right":
        if changed:
            return (
                f"{exercise.solution} gives the right answer but changes its input "
                f"{' and '.join(changed)} in place: the caller's array is not what it was before the "
                "call.",
                IN_PLACE,
            )
        return None, None
    if verdict.alike:
        told = " / ".join(exercise.mistake(name).message for name in verdict.alike)
        return (
            f"{where}\nThis answer fits {len(verdict.alike)} known mistakes that give the same numbers "
            f"here ({', '.join(verdict.alike)}), so the check cannot tell which one you made: {told}",
            "+".join(verdict.alike),
        )
    if verdict.kind == "mistake":
        return f"{where}\n{verdict.mistake.message} [{verdict.mistake.name}]", verdict.mistake.name
    seen = symptom(got, plain(exercise.answer(inputs)), exercise.rtol, exercise.atol)
    return where + (f" Look: {seen}." if seen else ""), "other"
