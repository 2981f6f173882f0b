"""What the judge may read of a judge run's reply: plain JSON values, bounded, checked before anything
uses them.

The student's code ran in the judge run, so every value of its reply is hostile input: an integer of 4000
digits, a float of 1e308, a list of a million entries or nested a thousand deep, a string of a megabyte.
`bounded` passes a value only if it is None, a bool, a finite number of at most MAX_NUMBER in size, a
string of at most MAX_STRING characters, or a list or dict of such values, at most MAX_DEPTH deep and
with at most MAX_VALUES values in all; else it raises TooLarge saying why. judge.part applies it
to each part of a reply: an exercise's part out of bounds judges that exercise as an error, with the
reason (in the grader's language, nnhelpers.i18n).
"""

import math

from nnhelpers.i18n import _

# largest size of a number: far beyond any right answer, and beyond what a declared mistake reaches
# on the grader's inputs (gradient ascent in lesson 04's train: up to 1e65 over 3000 seeds), so that
# such a mistake is still named; 1e308 or an integer of 400 digits is refused
MAX_NUMBER = 1e100
MAX_STRING = 1000  # characters of a string, or of a dict key
MAX_DEPTH = 8  # lists and dicts within each other
MAX_VALUES = 100_000  # values in one answer, all levels together


class TooLarge(ValueError):
    pass


def bounded(value, depth=0, count=None):
    """`value` if it is plain JSON within the bounds above, else TooLarge naming what is not."""
    count = [0] if count is None else count
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise TooLarge(_("more than {count} values").format(count=f"{MAX_VALUES:,}"))
    if value is None or type(value) is bool:
        return value
    if type(value) is int:
        if abs(value) > MAX_NUMBER:
            raise TooLarge(_("a number larger than {limit}").format(limit=f"{MAX_NUMBER:g}"))
        return value
    if type(value) is float:
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise TooLarge(
                _("a number that is not finite or larger than {limit}").format(
                    limit=f"{MAX_NUMBER:g}"
                )
            )
        return value
    if type(value) is str:
        if len(value) > MAX_STRING:
            raise TooLarge(
                _("a string longer than {count} characters").format(count=f"{MAX_STRING:,}")
            )
        return value
    if type(value) in (list, dict):
        if depth >= MAX_DEPTH:
            raise TooLarge(
                _("lists or dicts nested more than {depth} deep").format(depth=MAX_DEPTH)
            )
        if type(value) is list:
            return [bounded(item, depth + 1, count) for item in value]
        return {
            bounded(key, depth + 1, count): bounded(item, depth + 1, count)
            for key, item in value.items()
        }
    raise TooLarge(_("a {kind}, which is not plain JSON").format(kind=type(value).__name__))
