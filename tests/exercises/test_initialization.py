"""The lesson-05 self-checks pass right initializers and fail known-wrong ones with the likely cause."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import initialization


def xavier_std(n_in, n_out):
    return np.sqrt(2 / (n_in + n_out))


def he_std(n_in, n_out):
    return np.sqrt(2 / n_in)


RIGHT_XAVIER = [
    lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), size=(n_in, n_out)),
    lambda n_in, n_out, rng: np.sqrt(2 / (n_in + n_out)) * rng.standard_normal((n_in, n_out)),
    lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), size=(n_out, n_in)).T,
    lambda n_in, n_out, rng: nh.initializer("xavier")((n_in, n_out), rng),
    lambda n_in, n_out, rng: (rng.standard_normal((n_in, n_out)) * np.sqrt(2 / (n_in + n_out))).tolist(),
]
RIGHT_HE = [
    lambda n_in, n_out, rng: rng.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out)),
    lambda n_in, n_out, rng: np.sqrt(2 / n_in) * rng.standard_normal((n_in, n_out)),
    lambda n_in, n_out, rng: rng.standard_normal((n_in, n_out)) / np.sqrt(n_in / 2),
    lambda n_in, n_out, rng: nh.initializer("he")((n_in, n_out), rng),
]


@pytest.mark.parametrize("init", RIGHT_XAVIER)
def test_right_xavier_passes(init, capsys):
    nh.check_xavier_init(init)
    assert capsys.readouterr().out == "xavier_init: all checks passed\n"


@pytest.mark.parametrize("init", RIGHT_HE)
def test_right_he_passes(init, capsys):
    nh.check_he_init(init)
    assert capsys.readouterr().out == "he_init: all checks passed\n"


@pytest.mark.parametrize("shape", initialization.STATISTICS_SHAPES)
@pytest.mark.parametrize("std_of,name", [(xavier_std, "xavier_init"), (he_std, "he_init")])
def test_a_right_answer_passes_the_statistics_for_any_seed(shape, std_of, name):
    """The tolerances are wide enough that a right answer would pass with any seed, not just the check's."""
    mistakes = initialization._xavier_mistakes(*shape) if name == "xavier_init" else initialization._he_mistakes(*shape)
    for seed in range(300):
        weights = std_of(*shape) * np.random.default_rng(seed).standard_normal(shape)
        initialization._check_statistics(name, weights, std_of(*shape), "formula", mistakes)


def not_written(n_in, n_out, rng):
    raise NotImplementedError()


def global_state(std_of):
    return lambda n_in, n_out, rng: np.random.normal(0.0, std_of(n_in, n_out), size=(n_in, n_out))


def own_generator(std_of):
    return lambda n_in, n_out, rng: np.random.default_rng(0).normal(0.0, std_of(n_in, n_out), size=(n_in, n_out))


def normal(std_of):
    return lambda n_in, n_out, rng: rng.normal(0.0, std_of(n_in, n_out), size=(n_in, n_out))


COMMON_MISTAKES = [   # (wrong init given the right std formula, expected message fragment)
    (lambda std_of: not_written, "is not written yet"),
    (lambda std_of: lambda n_in, n_out, rng: rng.normal(0.0, std_of(n_in, n_out), size=(n_out, n_in)),
     "rows and columns are swapped"),
    (lambda std_of: lambda n_in, n_out, rng: rng.normal(0.0, std_of(n_in, n_out), size=n_in * n_out),
     "the right number of weights, in the wrong arrangement"),
    (lambda std_of: lambda n_in, n_out, rng: rng.normal(0.0, std_of(n_in, n_out)), "a single number"),
    (lambda std_of: lambda n_in, n_out, rng: None, "did you forget `return`?"),
    (global_state, "it draws from NumPy's global random state"),
    (lambda std_of: lambda n_in, n_out, rng: np.random.default_rng().normal(0.0, std_of(n_in, n_out), (n_in, n_out)),
     "it draws from NumPy's global random state"),
    (own_generator, "it ignores the rng argument"),
    (lambda std_of: lambda n_in, n_out, rng: np.zeros((n_in, n_out)), "the symmetry problem"),
    (lambda std_of: lambda n_in, n_out, rng: rng.uniform(0.0, np.sqrt(3) * std_of(n_in, n_out), (n_in, n_out)),
     "every weight is >= 0"),
    (lambda std_of: lambda n_in, n_out, rng: std_of(n_in, n_out) * rng.random((n_in, n_out)), "every weight is >= 0"),
    (lambda std_of: lambda n_in, n_out, rng: rng.normal(std_of(n_in, n_out), std_of(n_in, n_out), (n_in, n_out)),
     "have mean"),
    # uniform with the wrong bound (the std used as the bound), and with the right variance: both not normal
    (lambda std_of: lambda n_in, n_out, rng: rng.uniform(-std_of(n_in, n_out), std_of(n_in, n_out), (n_in, n_out)),
     "are not normally distributed"),
    (lambda std_of: lambda n_in, n_out, rng: rng.uniform(-1, 1, (n_in, n_out)) * np.sqrt(3) * std_of(n_in, n_out),
     "as if drawn from a uniform distribution"),
    (lambda std_of: lambda n_in, n_out, rng: rng.standard_normal((n_in, n_out)), "were not multiplied by the std"),
]


@pytest.mark.parametrize("make,message", COMMON_MISTAKES)
@pytest.mark.parametrize("check,std_of", [(nh.check_xavier_init, xavier_std), (nh.check_he_init, he_std)])
def test_common_mistakes(check, std_of, make, message):
    with pytest.raises(nh.CheckFailed) as failure:
        check(make(std_of))
    assert message in str(failure.value)


@pytest.mark.parametrize("wrong_std,message", [
    (lambda n_in, n_out: np.sqrt(2 / n_in), "this is He's formula"),
    (lambda n_in, n_out: np.sqrt(1 / n_in), "this is sqrt(1 / n_inputs), which uses only fan_in"),
    (lambda n_in, n_out: np.sqrt(2 / n_out), "only n_neurons (fan_out) is used"),
    (lambda n_in, n_out: 2 / (n_in + n_out), "this is the variance"),
    (lambda n_in, n_out: np.sqrt(1 / (n_in + n_out)), "the 2 in the numerator is missing"),
    (lambda n_in, n_out: np.sqrt(2 / (n_in * n_out)), "the sizes are multiplied"),
    (lambda n_in, n_out: 2 / np.sqrt(n_in + n_out), "the square root is taken of the denominator only"),
    (lambda n_in, n_out: np.sqrt(6 / (n_in + n_out)), "is the bound of the *uniform* Xavier version"),
    (lambda n_in, n_out: 0.01, "this is the fixed 0.01 of lesson 02"),
    (lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)) * (1.0 if n_in == 400 else 1.2), "expected 0.08165"),
])
def test_wrong_xavier_formulas(wrong_std, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_xavier_init(normal(wrong_std))
    assert message in str(failure.value)


@pytest.mark.parametrize("wrong_std,message", [
    (lambda n_in, n_out: np.sqrt(2 / n_out), "n_neurons (fan_out) is used instead of n_inputs (fan_in)"),
    (lambda n_in, n_out: 2 / n_in, "this is the variance 2 / n_inputs"),
    (lambda n_in, n_out: np.sqrt(1 / n_in), "the factor 2 is missing"),
    (lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)), "this is Xavier's formula"),
    (lambda n_in, n_out: 2 / np.sqrt(n_in), "the square root is taken of the denominator only"),
    (lambda n_in, n_out: np.sqrt(6 / n_in), "is the bound of the *uniform* He version"),
    (lambda n_in, n_out: 0.01, "this is the fixed 0.01 of lesson 02"),
    (lambda n_in, n_out: np.sqrt(2 / 400), "he_init(60, 240, rng) have standard deviation 0.070"),   # a hard-coded size
])
def test_wrong_he_formulas(wrong_std, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_he_init(normal(wrong_std))
    assert message in str(failure.value)


def test_a_wrong_answer_fails_for_any_seed():
    """The He check's nearest wrong candidate (Xavier's formula, 10.6% off) fails whatever the seed."""
    shape = initialization.STATISTICS_SHAPES[0]
    for seed in range(300):
        weights = xavier_std(*shape) * np.random.default_rng(seed).standard_normal(shape)
        with pytest.raises(nh.CheckFailed, match="this is Xavier's formula"):
            initialization._check_statistics("he_init", weights, he_std(*shape), "formula",
                                             initialization._he_mistakes(*shape))


def test_feedback_names_the_observed_and_expected_numbers():
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_he_init(normal(lambda n_in, n_out: np.sqrt(2 / n_out)))
    message = str(failure.value)
    assert "he_init(400, 100, rng)" in message and "expected 0.07071" in message and "0.14" in message
