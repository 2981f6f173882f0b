import warnings

import numpy as np
import pytest

import nnhelpers as nh

NAMES = ["relu", "leaky_relu", "sigmoid", "tanh", "linear"]


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=(6, 5))
    z[np.abs(z) < 0.1] += 0.5  # keep away from the ReLU kink, where f is not differentiable
    upstream = rng.normal(
        size=z.shape
    )  # a random linear loss sum(upstream * f(z)) tests every entry
    act = nh.activation(name)
    numeric = nh.numerical_gradient(lambda: np.sum(upstream * act.forward(z)), z)
    assert nh.relative_error(upstream * act.derivative(z), numeric) < 1e-7


def test_known_values():
    assert nh.activation("sigmoid").forward(0.0) == 0.5
    assert nh.activation("sigmoid").derivative(0.0) == 0.25
    assert nh.activation("tanh").derivative(0.0) == 1.0
    assert nh.activation("relu").forward(-2.0) == 0.0 and nh.activation("relu").forward(3.0) == 3.0
    assert nh.activation("leaky_relu").forward(-2.0) == pytest.approx(-0.02)  # default alpha 0.01
    assert nh.activation("leaky_relu", alpha=0.1).derivative(-1.0) == pytest.approx(0.1)
    # sigmoid(z) computed by hand: 1 / (1 + e^-2) = 0.8807970779778823
    assert nh.activation("sigmoid").forward(2.0) == pytest.approx(0.8807970779778823, rel=1e-15)
    assert nh.activation("sigmoid").forward(-2.0) == pytest.approx(
        1 - 0.8807970779778823, rel=1e-14
    )


def test_relu_derivative_at_zero_is_zero():
    assert nh.activation("relu").derivative(0.0) == 0.0
    assert nh.activation("relu").derivative(np.array([-1.0, 0.0, 1.0])).tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("name", NAMES)
def test_shape_is_kept_and_input_not_mutated(name):
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    before = z.copy()
    act = nh.activation(name)
    assert act.forward(z).shape == (3, 4) and act.derivative(z).shape == (3, 4)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("name", NAMES)
def test_stable_at_large_inputs(name):
    z = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            values = nh.activation(name).forward(z)
            slopes = nh.activation(name).derivative(z)
    assert np.isfinite(values).all() and np.isfinite(slopes).all()
    if name == "sigmoid":
        assert values.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    if name == "tanh":
        assert values.tolist() == [-1.0, -1.0, 0.0, 1.0, 1.0]


def test_bad_inputs():
    with pytest.raises(
        ValueError, match=r"unknown activation 'softplus'; expected one of \['leaky_relu'"
    ):
        nh.activation("softplus")
    with pytest.raises(TypeError, match="activation must be a string"):
        nh.activation(3)
    with pytest.raises(ValueError, match="z contains NaN"):
        nh.activation("relu").forward([1.0, np.nan])
    with pytest.raises(TypeError, match="z must be a number or an array of numbers, got str"):
        nh.activation("sigmoid").forward("0.5")
    with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\), got 2.0"):
        nh.activation("leaky_relu", alpha=2)
    with pytest.raises(TypeError, match="activation 'relu' takes no options"):
        nh.activation("relu", alpha=0.1)


def test_a_bad_option_value_gets_its_own_message():
    """The real message of a bad value (alpha="x") reaches the student; only unknown names are refused here."""
    with pytest.raises(
        TypeError, match=r"alpha must be a number or an array of numbers, got str 'x'"
    ):
        nh.activation("leaky_relu", alpha="x")
    with pytest.raises(
        TypeError, match=r"activation 'leaky_relu' takes the options \['alpha'\], got \['beta'\]"
    ):
        nh.activation("leaky_relu", beta=0.1)
    with pytest.raises(
        TypeError, match=r"initializer 'he' takes the options \['gain'\], got \['std'\]"
    ):
        nh.initializer("he", std=0.1)


@pytest.mark.parametrize(
    "name, formula",
    [
        ("tanh", lambda z: 1 - np.tanh(z) ** 2),
        ("sigmoid", lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    ],
)
def test_the_derivative_from_the_output(name, formula):
    """Tanh and Sigmoid read f'(z) off a = f(z): the same numbers as df(z), and close to the textbook formula."""
    act = nh.activation(name)
    z = np.linspace(-6, 6, 41)
    assert np.array_equal(act.df_from_output(act.f(z)), act.df(z))
    assert np.array_equal(act.df_from(z, act.f(z)), act.df(z))
    np.testing.assert_allclose(act.df(z), formula(z), rtol=1e-12, atol=1e-15)
