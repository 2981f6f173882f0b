"""What an exercise is, and how a student's answer is read: right, a known mistake, or something else.

An Exercise holds everything about one exercise of a lesson, once: how its inputs are drawn, how the
student's function or class is called, the right answer (computed by the engine), the named mistakes,
the hints and what the solution may use from nnhelpers. The self-check (selfcheck.py), the hints
(hints.py), the judge run of the trusted grader (nnhelpers/harness.py inside its sandbox,
tools/grading/judge.py outside) and docs/mistakes.md all read the same declaration.

An answer is a dict {output name: value}, values being numbers, arrays, strings or lists of them;
plain() turns it into JSON (what the judge run sends back), and difference() compares two plain
answers, saying which output differs, where and by how much.
"""

import copy
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..i18n import _

# What every solution may use from nnhelpers: the data, the plots, the hints. What an exercise may
# use besides is in its declaration (Exercise.allowed); anything else of the package is its
# implementation of something an exercise asks for.
COMMON = frozenset(
    {
        "letters",
        "noisy_letters",
        "nearest_template",
        "spam_emails",
        "xor",
        "spirals",
        "plot_activation",
        "plot_losses",
        "plot_pixels",
        "plot_confusion",
        "hint",
    }
)
PREAMBLE = "import numpy as np\nimport nnhelpers as nh\n"


class Malformed(Exception):
    """The student's function returned something of the wrong form (the message says what)."""


@dataclass(frozen=True)
class Mistake:
    """A mistake students make, recognised by the answer it gives.

    name: short and snake_case, the same in messages, hints, verdicts and the class report;
    answer: inputs -> the answer this mistake gives, an answer dict like Exercise.answer's;
    message: the first failure: the symptom, in the student's terms, never the fix;
    hint: the fix: shown when the same mistake comes back, and as the first nh.hint after it.
    """

    name: str
    answer: Callable
    message: str
    hint: str


@dataclass(frozen=True)
class Exercise:
    """One exercise. name: the one name (solution cell's grade id, "check_" + name is its test cell;
    nh.check and nh.hint take it). lesson: the notebook's stem. solution: the name the solution
    cell defines (a function or class); also: other names a student may pass to nh.hint (methods);
    cell: the solution cell's grade id when several exercises share one cell (the methods of one
    class), else the name.

    inputs: rng -> dict of inputs; call: (student's object, inputs) -> answer dict; answer: inputs ->
    the right answer dict, from the engine; describe: inputs -> the inputs in words ("an array z of
    shape (3, 4)"); reading: optional (plain answer, inputs) -> what is compared, for answers judged
    by their properties (random weights, a numerical gradient's accuracy), applied to every answer.
    allowed: names of nnhelpers the solution cell may use besides COMMON; preamble: the code the
    judge run executes before the solution cells (imports, context the lesson defines above).
    value: the solution is a value the student picks (a number), not a function or class; its call
    raises NotImplementedError while the value is still the cell's placeholder.
    """

    name: str
    lesson: str
    solution: str
    inputs: Callable
    call: Callable
    answer: Callable
    describe: Callable
    mistakes: tuple = ()
    hints: tuple = ()
    allowed: frozenset = frozenset()
    also: tuple = ()
    reading: Callable = None
    value: bool = False
    preamble: str = PREAMBLE
    rtol: float = 1e-6
    atol: float = 1e-9
    title: str = field(default="")
    cell: str = None

    def __post_init__(self):
        if self.cell is None:
            object.__setattr__(self, "cell", self.name)
        names = [m.name for m in self.mistakes]
        if len(set(names)) != len(names):
            raise ValueError(f"exercise {self.name}: two mistakes share a name in {names}")

    def mistake(self, name):
        return next(m for m in self.mistakes if m.name == name)


def rng_for(seed, name):
    """The Generator an exercise's inputs are drawn from, the same in every process for (seed, name)."""
    return np.random.default_rng([int(seed), zlib.crc32(name.encode())])


def plain(value):
    """value as plain JSON: dicts of str keys, lists, floats, strings, None.

    A str subclass becomes a plain str of its characters; a bool stays a bool (True is not 1 here);
    anything that is not a number, string or container becomes None.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dict):
        return {str.__str__(str(key)): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=np.float64).tolist()
    except (TypeError, ValueError):
        return None


def run(exercise, student, inputs):
    """(the student's answer as plain JSON, names of the inputs the student changed in place).

    The student works on copies of the inputs. Raises what the student's code raises, or Malformed.
    """
    given = copy.deepcopy(inputs)
    got = exercise.call(student, given)
    changed = [key for key in inputs if not _same(inputs[key], given[key])]
    return plain(got), changed


def _same(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=True)
        )
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _array(value):
    """A plain value as a float array, or None when it is not one (ragged, strings, None)."""
    if value is None or isinstance(value, (str, bool)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def difference(got, expected, rtol, atol, where="the answer"):
    """None when the plain answer `got` matches `expected`; else where and how it differs.

    Numbers (arrays) must have the same shape and be within atol + rtol * |expected|, and finite;
    strings and bools equal; dicts hold every expected key (extra keys are ignored).
    """
    shown = _("the answer") if where == "the answer" else where
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return _("{where} is not a set of named outputs").format(where=shown)
        for key, value in expected.items():
            reason = difference(
                got.get(key),
                value,
                rtol,
                atol,
                f"{key}" if where == "the answer" else f"{where}[{key!r}]",
            )
            if reason:
                return reason
        return None
    if isinstance(expected, (str, bool)) or expected is None:
        if type(got) is type(expected) and got == expected:
            return None
        return _("{where} is {got}, expected {expected}").format(
            where=shown, got=_short(got), expected=_short(expected)
        )
    if isinstance(expected, list) and any(
        isinstance(e, (str, dict, bool)) or e is None for e in expected
    ):
        if not isinstance(got, list):
            return _("{where} has no entries, expected {expected}").format(
                where=shown, expected=len(expected)
            )
        for index, (g, e) in enumerate(
            zip(got, expected)
        ):  # the first entry that differs, then the length
            reason = difference(g, e, rtol, atol, f"{where}[{index}]")
            if reason:
                return reason
        return (
            None
            if len(got) == len(expected)
            else _("{where} has {got} entries, expected {expected}").format(
                where=shown, got=len(got), expected=len(expected)
            )
        )
    want, have = np.asarray(expected, dtype=np.float64), _array(got)
    if have is None:
        return _("{where} is {got}, expected numbers of shape {shape}").format(
            where=shown, got=_short(got), shape=want.shape
        )
    if have.shape != want.shape:
        return _("{where} has shape {got}, expected {expected}").format(
            where=shown, got=have.shape, expected=want.shape
        )
    if not np.isfinite(have).all():
        return _("{where} holds NaN or inf").format(where=shown)
    off = np.abs(have - want) - (atol + rtol * np.abs(want))
    if (off <= 0).all():
        return None
    worst = np.unravel_index(np.argmax(off), want.shape)
    got, expected = f"{have[worst]:.6g}", f"{want[worst]:.6g}"
    if not want.ndim:
        return _("{where} is {got}, expected {expected}").format(
            where=shown, got=got, expected=expected
        )
    return _("{where} is {got} at index {index}, expected {expected}").format(
        where=shown, got=got, index=tuple(int(i) for i in worst), expected=expected
    )


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Verdict:
    """How an answer reads: kind "right", "mistake" (mistake holds the Mistake) or "other";
    difference: where the answer differs from the right one (None when right); alike: names of the
    mistakes that give this very answer when more than one does (they cannot be told apart)."""

    kind: str
    mistake: Mistake = None
    difference: str = None
    alike: tuple = ()


def diagnose(exercise, got, inputs):
    """The Verdict on the plain answer `got` for these inputs, computed here from the declaration."""

    def read(answer):
        answer = plain(answer)
        return plain(exercise.reading(answer, inputs)) if exercise.reading else answer

    try:
        seen = read(got)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
        return Verdict(
            "other",
            difference=_("the answer is not of the expected form ({error})").format(
                error=type(error).__name__
            ),
        )
    right = read(exercise.answer(inputs))
    off = difference(seen, right, exercise.rtol, exercise.atol)
    if off is None:
        return Verdict("right")
    answers = [(m, read(m.answer(inputs))) for m in exercise.mistakes]
    matching = [
        m for m, wrong in answers if difference(seen, wrong, exercise.rtol, exercise.atol) is None
    ]
    if not matching and isinstance(right, dict) and isinstance(seen, dict):
        # One output wrong in the way of a mistake, the others right: that mistake, made in that output.
        wrong_outputs = [
            key
            for key in right
            if difference(seen.get(key), right[key], exercise.rtol, exercise.atol) is not None
        ]
        matching = [
            m
            for m, wrong in answers
            if isinstance(wrong, dict)
            and all(
                difference(seen.get(key), wrong.get(key), exercise.rtol, exercise.atol) is None
                for key in wrong_outputs
            )
        ]
    if not matching:
        return Verdict("other", difference=off)
    return Verdict(
        "mistake",
        mistake=matching[0],
        difference=off,
        alike=tuple(m.name for m in matching) if len(matching) > 1 else (),
    )


def symptom(got, right, rtol=1e-6, atol=1e-9):
    """What an unrecognised wrong answer looks like, in words, or "": a missing return, swapped axes,
    a flipped sign, a factor of 2 (read from the first output that is off)."""
    if isinstance(right, dict):
        if not isinstance(got, dict):
            return ""
        for key, value in right.items():
            if difference(got.get(key), value, rtol, atol) is not None:
                said = symptom(got.get(key), value, rtol, atol)
                return f"{key}: {said}" if said else ""
        return ""
    if got is None:
        return _("nothing came back (None): is a `return` missing?")
    have, want = _array(got), _array(right)
    if have is None or want is None:
        return ""
    if have.ndim == 2 and have.shape != want.shape and have.shape == want.shape[::-1]:
        return _("its axes are swapped (a transpose too many or too few)")
    for factor, words in (
        (-1.0, _("its sign is flipped")),
        (2.0, _("it is twice too large")),
        (0.5, _("it is half what it should be")),
    ):
        if (
            have.shape == want.shape
            and np.any(want)
            and np.allclose(have, factor * want, rtol=rtol, atol=atol)
        ):
            return words
    return ""
