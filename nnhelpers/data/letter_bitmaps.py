"""The letters a, b, c as bitmaps, made in code (nothing is downloaded).

letters(): the letters a, b, c as 5x6 bitmaps, each flattened row by row to 30 pixels.
noisy_letters(): copies of them with pixels flipped; nearest_template(): the baseline classifier.
"""

import numpy as np

from ..engine.validation import as_float_array, check_number, check_positive_int, check_whole_number
from ..i18n import _

LETTER_BITMAPS = {
    "a": ["001100", "010010", "111111", "100001", "100001"],
    "b": ["011110", "010010", "011110", "010010", "011110"],
    "c": ["011110", "010000", "010000", "010000", "011110"],
}
LETTER_SHAPE = (5, 6)  # rows, columns


def letters():
    """Return X (3, 30) float64 pixels (1 = ink), Y (3, 3) one-hot targets and names ["a", "b", "c"].

    Row i of X is letter names[i], its 5 rows of 6 pixels joined top to bottom.
    Reshape a row with .reshape(5, 6) to see the letter.
    """
    names = list(LETTER_BITMAPS)
    X = np.array(
        [[float(pixel) for row in LETTER_BITMAPS[name] for pixel in row] for name in names]
    )
    Y = np.eye(len(names))
    return X, Y, names


def noisy_letters(n_per_class, flips=None, seed=0, *, rate=None):
    """n_per_class noisy copies of each letter: pixels inverted (ink <-> paper) at random.

    flips: each copy has exactly `flips` distinct pixels inverted (0 to 30); or
    rate: each pixel of each copy is inverted independently with probability rate (0 to 1/2), so a copy
        has rate * 30 flipped pixels on average, sometimes more, sometimes fewer. Under this noise,
        with equal numbers of a, b and c, nearest_template is the best possible classifier.
    Give exactly one of the two. Returns X (3 * n_per_class, 30) float64 in {0, 1} and
    Y (3 * n_per_class, 3) one-hot, the copies of "a" first, then "b", then "c". All randomness comes from `seed`.
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    if (flips is None) == (rate is None):
        raise TypeError(
            _(
                "give exactly one of flips (a whole number of pixels, 0 to 30) and rate "
                "(a probability per pixel, 0 to 0.5), got flips={flips}, rate={rate}"
            ).format(flips=repr(flips), rate=repr(rate))
        )
    if flips is not None:
        flips = check_whole_number(flips, "flips", 0, 30)  # pixels
    else:
        rate = check_number(rate, "rate")
        if not 0 <= rate <= 0.5:
            raise ValueError(
                _("rate must be a probability per pixel from 0 to 0.5, got {rate}").format(
                    rate=repr(rate)
                )
            )
    templates, targets, _names = letters()
    rng = np.random.default_rng(seed)
    X = np.repeat(templates, n_per_class, axis=0)
    Y = np.repeat(targets, n_per_class, axis=0)
    if rate is not None:
        flip = rng.random(X.shape) < rate
        X[flip] = 1.0 - X[flip]
        return X, Y
    order = np.argsort(rng.random(X.shape), axis=1)[:, :flips]  # `flips` distinct pixels per row
    rows = np.arange(len(X))[:, None]
    X[rows, order] = 1.0 - X[rows, order]
    return X, Y


def nearest_template(X, templates=None):
    """Classify each row of X (n, 30) as the letter whose template differs in the fewest pixels.

    templates: (n_classes, 30), default the clean letters. Returns class indices (n,); a tie goes
    to the first class. When every pixel flips independently with the same probability below 1/2 and
    the classes are equally likely (equal priors), no classifier can do better. It is a linear rule:
    the distance sum_i |x_i - t_i| = sum_i t_i + sum_i (1 - 2 t_i) x_i is linear in the pixels x_i.
    """
    X = as_float_array(X, "X", ndim=2)
    templates = (
        letters()[0] if templates is None else as_float_array(templates, "templates", ndim=2)
    )
    if X.shape[1] != templates.shape[1]:
        raise ValueError(
            _("X must have shape (n, {n}) like the templates, got {shape}").format(
                n=templates.shape[1], shape=X.shape
            )
        )
    distances = np.abs(X[:, None, :] - templates[None, :, :]).sum(axis=2)  # (n, n_classes)
    return distances.argmin(axis=1)
