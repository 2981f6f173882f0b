import numpy as np
import pytest

import nnhelpers as nh


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    # f = sum(x^3), df/dx = 3 x^2
    numeric = nh.numerical_gradient(lambda: np.sum(x**3), x)
    np.testing.assert_allclose(numeric, 3 * x**2, rtol=1e-9)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # put back


def test_numerical_gradient_of_a_transposed_view():
    base = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    x = base.T  # not contiguous: nudging must still reach the data f reads
    numeric = nh.numerical_gradient(lambda: np.sum(base**2), x)
    np.testing.assert_allclose(numeric, 2 * x, rtol=1e-9)


def test_relative_error():
    assert nh.relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert nh.relative_error([0.0], [0.0]) == 0.0
    assert nh.relative_error([3.0, 4.0], [0.0, 0.0]) == 1.0  # 5 / (5 + 0)
    assert nh.relative_error([1.0], [1.1]) == pytest.approx(0.1 / 2.1)


def test_check_network_gradients_catches_a_broken_backward():
    X, Y, _ = nh.letters()
    net = nh.MLP([30, 4, 3], activation="tanh", seed=0)
    net.layers[1].activation.df_from = lambda z, a: np.ones_like(z)  # a wrong derivative
    errors = nh.check_network_gradients(net, X, Y)
    assert errors["layer 0 weights"] > 1e-2
    assert errors["layer 1 weights"] < 1e-7


def test_bad_inputs():
    with pytest.raises(TypeError, match="x must be a float64 numpy array that f reads"):
        nh.numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(
        TypeError, match=r"f must be callable as f\(\) -> float, a function of no arguments"
    ):
        nh.numerical_gradient(3, np.zeros(2))
    with pytest.raises(
        ValueError, match=r"analytic and numeric must have the same shape, got \(2,\) and \(3,\)"
    ):
        nh.relative_error(np.zeros(2), np.zeros(3))
