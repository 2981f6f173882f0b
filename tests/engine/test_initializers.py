import numpy as np
import pytest

import nnhelpers as nh


def test_statistics_of_random_initializers():
    rng = np.random.default_rng(0)
    shape = (400, 300)  # 120000 draws: the sample std is within 1% of the true one
    cases = {
        ("normal", ()): 0.01,
        ("uniform", ()): 2 / np.sqrt(12),  # std of U(-1, 1)
        ("xavier", ()): np.sqrt(2 / 700),
        ("he", ()): np.sqrt(2 / 400),
        ("he", (("gain", 3.0),)): 3 * np.sqrt(2 / 400),
    }
    for (name, params), std in cases.items():
        W = nh.initializer(name, **dict(params))(shape, rng)
        assert W.shape == shape and W.dtype == np.float64
        assert abs(W.mean()) < 0.02 * std  # standard error of the mean is 0.003 * std
        assert W.std() == pytest.approx(std, rel=0.01), name


def test_uniform_default_range_is_minus_one_to_one():
    W = nh.initializer("uniform")((1000, 10), np.random.default_rng(0))
    assert -1 <= W.min() < -0.99 and 0.99 < W.max() < 1


def test_deterministic_constant_initializers():
    assert (nh.initializer("zeros")((2, 3)) == 0).all()
    assert (nh.initializer("constant", value=0.3)((2, 3)) == 0.3).all()


def test_only_the_passed_rng_is_used():
    np.random.seed(1)
    a = nh.initializer("he")((3, 4), np.random.default_rng(7))
    np.random.seed(2)
    b = nh.initializer("he")((3, 4), np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


def test_bad_inputs():
    with pytest.raises(
        ValueError,
        match=r"unknown initializer 'glorot'; expected one of \['constant', 'he', 'normal'",
    ):
        nh.initializer("glorot")
    with pytest.raises(
        TypeError, match="rng must be a numpy Generator, e.g. np.random.default_rng"
    ):
        nh.initializer("he")((3, 4))
    with pytest.raises(ValueError, match="std must be positive, got -1.0"):
        nh.initializer("normal", std=-1)
    with pytest.raises(ValueError, match="low must be smaller than high, got low=1.0, high=-1.0"):
        nh.initializer("uniform", low=1, high=-1)
    with pytest.raises(TypeError, match="initializer 'he'"):
        nh.initializer("he", std=0.1)
    with pytest.raises(
        ValueError, match=r"shape must be a tuple of positive whole numbers, got \[3, 4\]"
    ):
        nh.initializer("zeros")([3, 4])
