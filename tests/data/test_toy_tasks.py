"""The two-dimensional toy tasks: shapes, labels, geometry, seeds."""

import numpy as np
import pytest

import nnhelpers as nh


def test_spirals_shapes_labels_and_order():
    X, Y = nh.spirals(30, noise=0.1, seed=0)
    assert X.shape == (60, 2) and Y.shape == (60, 2) and X.dtype == Y.dtype == np.float64
    assert np.array_equal(Y[:30], np.tile([1.0, 0.0], (30, 1))) and np.array_equal(
        Y[30:], np.tile([0.0, 1.0], (30, 1))
    )
    assert np.abs(X).max() < 1.6


def test_spirals_without_noise_lie_on_two_arms_half_a_turn_apart():
    turns = 1.5
    X, Y = nh.spirals(50, noise=0.0, seed=3, turns=turns)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.min() >= 0.1 and radius.max() <= 1.0
    angle = np.arctan2(X[:, 1], X[:, 0])
    k = Y.argmax(axis=1)
    expected = (
        2 * np.pi * turns * radius + k * np.pi
    )  # a point at radius t sits at angle 2 pi turns t + k pi
    difference = np.angle(np.exp(1j * (angle - expected)))  # wrapped to (-pi, pi]
    np.testing.assert_allclose(difference, 0.0, atol=1e-9)


def test_spirals_are_not_linearly_separable():
    # The best straight line through the origin classifies about half the points: try every direction.
    X, Y = nh.spirals(100, noise=0.0, seed=0)
    k = Y.argmax(axis=1)
    best = max(
        max(
            np.mean((X @ [np.cos(a), np.sin(a)] > 0) == k),
            np.mean((X @ [np.cos(a), np.sin(a)] < 0) == k),
        )
        for a in np.linspace(0, np.pi, 181)
    )
    assert best < 0.7


def test_spirals_seeds():
    a, _ = nh.spirals(20, 0.1, seed=1)
    b, _ = nh.spirals(20, 0.1, seed=1)
    c, _ = nh.spirals(20, 0.1, seed=2)
    assert np.array_equal(a, b) and not np.allclose(a, c)


def test_xor_classic_and_noisy():
    X, Y = nh.xor()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert Y.argmax(axis=1).tolist() == [0, 1, 1, 0]
    Xn, Yn = nh.xor(5, noise=0.1, seed=4)
    assert Xn.shape == (20, 2) and Yn.shape == (20, 2)
    assert np.array_equal(Yn.argmax(axis=1), np.repeat([0, 1, 1, 0], 5))
    corners = np.repeat(X, 5, axis=0)
    assert 0 < np.abs(Xn - corners).max() < 0.6
    assert np.array_equal(Xn, nh.xor(5, noise=0.1, seed=4)[0])


@pytest.mark.parametrize(
    "call,error,message",
    [
        (lambda: nh.spirals(0), ValueError, "n_per_class must be a positive whole number, got 0"),
        (
            lambda: nh.spirals(10, noise=-0.1),
            ValueError,
            r"noise must be a finite number >= 0 .* got -0.1",
        ),
        (lambda: nh.spirals(10, noise="a"), ValueError, "noise must be a finite number >= 0"),
        (
            lambda: nh.spirals(10, turns=0),
            ValueError,
            "turns must be a positive finite number, got 0",
        ),
        (lambda: nh.xor(2.5), TypeError, "n_per_corner must be a positive whole number"),
        (lambda: nh.xor(1, noise=np.inf), ValueError, "noise must be a finite number >= 0"),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
