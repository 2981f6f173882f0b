import math
import warnings

import numpy as np
import pytest

import nnhelpers as nh


@pytest.mark.parametrize("name", ["mse", "half_sse", "cross_entropy"])
def test_gradient_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    y_pred = rng.normal(size=(4, 3))
    y_true = np.eye(3)[[0, 2, 1, 2]]
    loss = nh.loss(name)
    numeric = nh.numerical_gradient(lambda: loss.value(y_pred, y_true), y_pred)
    assert nh.relative_error(loss.gradient(y_pred, y_true), numeric) < 1e-7


def test_half_sse_value_of_the_2_2_1_lesson():
    # 1/2 * (0.6392 - 1)^2 = 1/2 * 0.13017664 = 0.06508832 (the seed's 0.0651)
    value = nh.loss("half_sse").value(np.array([[0.6392]]), np.array([[1.0]]))
    assert value == pytest.approx(0.06508832, rel=1e-12)
    assert round(value, 4) == 0.0651


def test_mse_by_hand():
    # errors 1, -2, 0, 3 -> squares 1, 4, 0, 9 -> mean 3.5; gradient 2 * error / 4
    y_pred, y_true = np.array([[1.0, 0.0], [2.0, 3.0]]), np.array([[0.0, 2.0], [2.0, 0.0]])
    assert nh.loss("mse").value(y_pred, y_true) == 3.5
    np.testing.assert_allclose(nh.loss("mse").gradient(y_pred, y_true), [[0.5, -1.0], [0.0, 1.5]])


def test_cross_entropy_by_hand():
    # logits [0, ln 3] -> softmax [1/4, 3/4]; true class 1 -> -ln(3/4). Row 2: uniform over 2 -> ln 2.
    logits = np.array([[0.0, math.log(3.0)], [5.0, 5.0]])
    y_true = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = (-math.log(0.75) + math.log(2.0)) / 2
    assert nh.loss("cross_entropy").value(logits, y_true) == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(
        nh.loss("cross_entropy").gradient(logits, y_true),
        [[0.125, -0.125], [-0.25, 0.25]],
        rtol=1e-14,
    )


def test_binary_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    p = rng.uniform(0.05, 0.95, size=(6, 1))
    y = (rng.random((6, 1)) < 0.5).astype(float)
    loss = nh.loss("binary_cross_entropy")
    numeric = nh.numerical_gradient(lambda: loss.value(p, y), p)
    assert nh.relative_error(loss.gradient(p, y), numeric) < 1e-7


def test_binary_cross_entropy_by_hand():
    # -(log 0.8 + log(1 - 0.4)) / 2 = -(ln 0.8 + ln 0.6) / 2
    value = nh.loss("binary_cross_entropy").value(np.array([0.8, 0.4]), np.array([1.0, 0.0]))
    assert value == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2, rel=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(
            nh.loss("binary_cross_entropy").value(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
        )
    with pytest.raises(
        ValueError,
        match=r"y_pred must hold probabilities in \[0, 1\] for binary_cross_entropy, got values from -0.5 to 0.5",
    ):
        nh.loss("binary_cross_entropy").value(np.array([-0.5, 0.5]), np.array([1.0, 0.0]))


def test_cross_entropy_is_stable_for_huge_logits():
    logits = np.array([[1e4, -1e4, 0.0]])
    y_true = np.array([[0.0, 1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            value = nh.loss("cross_entropy").value(logits, y_true)
            gradient = nh.loss("cross_entropy").gradient(logits, y_true)
    assert value == pytest.approx(2e4)
    np.testing.assert_allclose(gradient, [[1.0, -1.0, 0.0]], atol=1e-300)


def test_softmax_rows_sum_to_one():
    p = nh.softmax(np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0])


def test_one_dimensional_predictions_keep_their_shape():
    g = nh.loss("mse").gradient(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    assert g.shape == (2,) and g.tolist() == [1.0, 2.0]


def test_bad_inputs():
    with pytest.raises(
        ValueError,
        match=r"unknown loss 'mae'; expected one of \['binary_cross_entropy', 'cross_entropy', 'half_sse', 'mse'\]",
    ):
        nh.loss("mae")
    with pytest.raises(
        ValueError,
        match=r"y_pred and y_true must have the same shape, got y_pred \(3, 1\) and y_true \(3,\)",
    ):
        nh.loss("mse").value(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match="y_true contains inf"):
        nh.loss("mse").value(np.zeros(2), np.array([0.0, np.inf]))
    with pytest.raises(ValueError, match="y_true must hold one-hot rows"):
        nh.loss("cross_entropy").value(np.zeros((1, 2)), np.array([[1.0, 1.0]]))


@pytest.mark.parametrize("name", ["mse", "half_sse", "cross_entropy", "binary_cross_entropy"])
def test_a_stack_of_seeds_gets_each_seeds_own_numbers(name):
    """f and df on y_pred (seeds, batch, n) reduce over the last two axes: bit for bit each seed alone."""
    rng = np.random.default_rng(5)
    loss_fn = nh.loss(name)
    stack = rng.uniform(0.05, 0.95, size=(4, 7, 3))
    y_true = np.eye(3)[rng.integers(0, 3, size=7)]
    values, gradient = loss_fn.f(stack, y_true), loss_fn.df(stack, y_true)
    assert values.shape == (4,) and gradient.shape == stack.shape
    for s in range(4):
        assert values[s] == loss_fn.value(stack[s], y_true)
        assert np.array_equal(gradient[s], loss_fn.gradient(stack[s], y_true))
