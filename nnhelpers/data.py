"""Small data sets made in code (nothing is downloaded).

letters(): the letters a, b, c as 5x6 bitmaps, each flattened row by row to 30 pixels.
"""
import numpy as np

from .validation import check_positive_int

LETTER_BITMAPS = {
    "a": ["001100", "010010", "111111", "100001", "100001"],
    "b": ["011110", "010010", "011110", "010010", "011110"],
    "c": ["011110", "010000", "010000", "010000", "011110"],
}
LETTER_SHAPE = (5, 6)   # rows, columns


def letters():
    """Return X (3, 30) float64 pixels (1 = ink), Y (3, 3) one-hot targets and names ["a", "b", "c"].

    Row i of X is letter names[i], its 5 rows of 6 pixels joined top to bottom.
    Reshape a row with .reshape(5, 6) to see the letter.
    """
    names = list(LETTER_BITMAPS)
    X = np.array([[float(pixel) for row in LETTER_BITMAPS[name] for pixel in row] for name in names])
    Y = np.eye(len(names))
    return X, Y, names


SPAM_FEATURES = ["links", "money_words", "known_sender"]


def spam_emails(n=200, seed=0):
    """A toy spam data set: X (n, 3) features, y (n,) labels (1 = spam), and the feature names.

    Features: number of links (0-8), number of money words such as "free" or "win" (0-6),
    and known_sender (1 if the sender is in the address book, else 0). Labels are drawn from a
    logistic model, so a single sigmoid neuron can learn them but not perfectly (some noise).
    """
    n = check_positive_int(n, "n")
    rng = np.random.default_rng(seed)
    links = rng.integers(0, 9, size=n).astype(float)
    money = rng.integers(0, 7, size=n).astype(float)
    known = (rng.random(n) < 0.5).astype(float)
    z = 0.9 * links + 0.8 * money - 3.0 * known - 4.0
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(float)
    return np.column_stack([links, money, known]), y, list(SPAM_FEATURES)
