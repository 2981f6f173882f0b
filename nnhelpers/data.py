"""Small data sets made in code (nothing is downloaded).

letters(): the letters a, b, c as 5x6 bitmaps, each flattened row by row to 30 pixels.
"""
import numpy as np

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
