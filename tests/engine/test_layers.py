import numpy as np
import pytest

import nnhelpers as nh


def make_layer():
    rng = np.random.default_rng(3)
    layer = nh.Dense(4, 3, init="normal", rng=rng)
    layer.biases = rng.normal(size=(1, 3))  # non-zero, so a wrong dbiases cannot hide
    return layer, rng.normal(size=(5, 4)), rng.normal(size=(5, 3))


def test_dense_shapes_and_defaults():
    layer = nh.Dense(3, 4, init="normal", rng=np.random.default_rng(0))
    assert layer.weights.shape == (3, 4) and layer.biases.shape == (1, 4)
    assert (layer.biases == 0).all()
    assert np.abs(layer.weights).max() < 0.05  # 0.01 * standard normal
    assert layer.forward(np.ones((2, 3))).shape == (2, 4)


def test_dense_forward_by_hand():
    layer = nh.Dense(2, 2, init="zeros")
    layer.weights = np.array([[1.0, 2.0], [3.0, 4.0]])
    layer.biases = np.array([[0.5, -0.5]])
    # [1, 1] @ W = [4, 6]; + b = [4.5, 5.5].  [2, 0] @ W = [2, 4]; + b = [2.5, 3.5]
    np.testing.assert_array_equal(layer.forward([[1.0, 1.0], [2.0, 0.0]]), [[4.5, 5.5], [2.5, 3.5]])


@pytest.mark.parametrize("param", ["weights", "biases", "inputs"])
def test_dense_backward_matches_finite_differences(param):
    layer, X, upstream = make_layer()
    layer.forward(X)
    dinputs = layer.backward(upstream)
    analytic = {"weights": layer.dweights, "biases": layer.dbiases, "inputs": dinputs}[param]
    target = X if param == "inputs" else getattr(layer, param)
    numeric = nh.numerical_gradient(lambda: np.sum(upstream * layer.forward(X)), target)
    assert analytic.shape == target.shape
    assert nh.relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "leaky_relu", "linear"])
def test_activation_layer_backward_matches_finite_differences(name):
    rng = np.random.default_rng(4)
    z = rng.normal(size=(5, 3)) + 0.05
    upstream = rng.normal(size=z.shape)
    layer = nh.ActivationLayer(name)
    layer.forward(z)
    analytic = layer.backward(upstream)
    numeric = nh.numerical_gradient(lambda: np.sum(upstream * layer.forward(z)), z)
    assert nh.relative_error(analytic, numeric) < 1e-7


def test_bad_inputs():
    with pytest.raises(
        ValueError,
        match=r"inputs must have shape \(batch, 4\) for this layer \(n_inputs=4\), got \(5, 3\)",
    ):
        nh.Dense(4, 2, init="zeros").forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"inputs must be a 2-D array, got shape \(4,\) \(1-D\)"):
        nh.Dense(4, 2, init="zeros").forward(np.zeros(4))
    with pytest.raises(ValueError, match="inputs contains NaN"):
        nh.Dense(1, 2, init="zeros").forward([[np.nan]])
    layer = nh.Dense(4, 2, init="zeros")
    with pytest.raises(RuntimeError, match="call forward before backward"):
        layer.backward(np.zeros((5, 2)))
    layer.forward(np.zeros((5, 4)))
    with pytest.raises(
        ValueError, match=r"dvalues must have shape \(5, 2\) \(batch, n_neurons\), got \(2, 5\)"
    ):
        layer.backward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="n_neurons must be a positive whole number, got 0"):
        nh.Dense(3, 0)
    with pytest.raises(TypeError, match="n_inputs must be a positive whole number, got float 2.5"):
        nh.Dense(2.5, 3)
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        nh.Dense(3, 4, init="he")
