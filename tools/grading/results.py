"""What the judge may read of a results file: plain JSON values, bounded, checked before anything uses them.

The student's kernel wrote the file, so every value in it is hostile input: an integer of 4000 digits, a
float of 1e308, a list of a million entries or nested a thousand deep, a string of a megabyte. `answers`
turns the file's answers into {grade_id: value} where each value is None, a bool, a finite number of at
most MAX_NUMBER in size, a string of at most MAX_STRING characters, or a list or dict of such values, at
most MAX_DEPTH deep and with at most MAX_VALUES values in all. An answer that is not becomes an Invalid
saying why, which the judge scores 0 with that reason; the other answers still count.
"""

import math

MAX_ANSWERS = 200  # grade ids in one file (a lesson has about a dozen)
MAX_GRADE_ID = 100  # characters of a grade id
MAX_NUMBER = 1e12  # largest size of a number
MAX_STRING = 1000  # characters of a string, or of a dict key
MAX_DEPTH = 8  # lists and dicts within each other
MAX_VALUES = 100_000  # values in one answer, all levels together


class Invalid:
    """An answer the judge does not look at: `reason` says why (shown on the feedback page)."""

    def __init__(self, reason):
        self.reason = reason

    def __repr__(self):
        return f"Invalid({self.reason!r})"

    def __eq__(self, other):
        return isinstance(other, Invalid) and other.reason == self.reason


class TooLarge(ValueError):
    pass


def bounded(value, depth=0, count=None):
    """`value` if it is plain JSON within the bounds above, else TooLarge naming what is not."""
    count = [0] if count is None else count
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise TooLarge(f"more than {MAX_VALUES:,} values")
    if value is None or type(value) is bool:
        return value
    if type(value) is int:
        if abs(value) > MAX_NUMBER:
            raise TooLarge(f"a number larger than {MAX_NUMBER:g}")
        return value
    if type(value) is float:
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise TooLarge(f"a number that is not finite or larger than {MAX_NUMBER:g}")
        return value
    if type(value) is str:
        if len(value) > MAX_STRING:
            raise TooLarge(f"a string longer than {MAX_STRING:,} characters")
        return value
    if type(value) in (list, dict):
        if depth >= MAX_DEPTH:
            raise TooLarge(f"lists or dicts nested more than {MAX_DEPTH} deep")
        if type(value) is list:
            return [bounded(item, depth + 1, count) for item in value]
        return {
            bounded(key, depth + 1, count): bounded(item, depth + 1, count)
            for key, item in value.items()
        }
    raise TooLarge(f"a {type(value).__name__}, which is not plain JSON")


def answers(recorded):
    """{grade_id: bounded value or Invalid} from the "answers" object of a results file (a dict)."""
    if type(recorded) is not dict:
        raise TooLarge("the answers are not a dict")
    if len(recorded) > MAX_ANSWERS:
        raise TooLarge(f"more than {MAX_ANSWERS} answers")
    checked = {}
    for grade_id, value in recorded.items():
        if type(grade_id) is not str or len(grade_id) > MAX_GRADE_ID:
            continue  # no test cell has such a grade id: nothing to judge
        try:
            checked[grade_id] = bounded(value)
        except TooLarge as error:
            checked[grade_id] = Invalid(f"the recorded answer holds {error}: not judged")
        except RecursionError:
            checked[grade_id] = Invalid("the recorded answer is nested too deep: not judged")
    return checked
