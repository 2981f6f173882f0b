"""Two-dimensional toy tasks that a straight line cannot solve (made in code, nothing is downloaded).

spirals(): two interleaved spirals; the network needs several bends, so the initialization and the
activation decide whether and how fast it learns them.
xor(): the four corners of the unit square, labelled x1 XOR x2; no single neuron can separate them.

Both return X (n, 2) float64 points and Y (n, 2) one-hot rows (column 0 = class 0, column 1 = class 1),
ready for MLP([2, ..., 2]) with loss="cross_entropy" (or "mse").
"""

import numbers

import numpy as np

from ..engine.validation import check_positive_int, check_positive_number
from ..i18n import _


def _check_noise(noise):
    if (
        isinstance(noise, bool)
        or not isinstance(noise, numbers.Real)
        or not np.isfinite(noise)
        or noise < 0
    ):
        raise ValueError(
            _(
                "noise must be a finite number >= 0 (the standard deviation of the jitter), "
                "got {noise}"
            ).format(noise=repr(noise))
        )
    return float(noise)


def spirals(n_per_class=50, noise=0.02, seed=0, turns=1.5):
    """Two interleaved spirals around the origin, one per class.

    A point of class k (0 or 1) at position t along its arm (t from 0.1 to 1, drawn uniformly) sits at
    radius t and angle 2*pi*turns*t + k*pi, so the two arms are the same curve turned by half a circle.
    Gaussian jitter with standard deviation `noise` is then added to both coordinates.

    Returns X (2 * n_per_class, 2) with coordinates in about [-1, 1], and Y (2 * n_per_class, 2) one-hot:
    the n_per_class points of class 0 first, then those of class 1. turns: how many times each arm
    winds around (default 1.5). All randomness comes from `seed`.
    """
    n_per_class = check_positive_int(n_per_class, "n_per_class")
    noise = _check_noise(noise)
    turns = check_positive_number(turns, "turns")
    rng = np.random.default_rng(seed)
    points = []
    for k in (0, 1):
        t = rng.uniform(0.1, 1.0, size=n_per_class)
        angle = 2 * np.pi * turns * t + k * np.pi
        points.append(np.column_stack([t * np.cos(angle), t * np.sin(angle)]))
    X = np.vstack(points) + noise * rng.standard_normal((2 * n_per_class, 2))
    Y = np.repeat(np.eye(2), n_per_class, axis=0)
    return X, Y


def xor(n_per_corner=1, noise=0.0, seed=0):
    """The XOR task: points near the corners (0, 0), (0, 1), (1, 0), (1, 1), class = x1 XOR x2.

    Returns X (4 * n_per_corner, 2) and Y (4 * n_per_corner, 2) one-hot (class 1 for (0, 1) and (1, 0)):
    the n_per_corner points of corner (0, 0) first, then (0, 1), (1, 0), (1, 1). Each point is its
    corner plus Gaussian jitter with standard deviation `noise`. xor() gives the classic four points.
    All randomness comes from `seed`.
    """
    n_per_corner = check_positive_int(n_per_corner, "n_per_corner")
    noise = _check_noise(noise)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    labels = np.array([0, 1, 1, 0])
    X = np.repeat(corners, n_per_corner, axis=0)
    if noise > 0:
        X = X + noise * np.random.default_rng(seed).standard_normal(X.shape)
    Y = np.eye(2)[np.repeat(labels, n_per_corner)]
    return X, Y
