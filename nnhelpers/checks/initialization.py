"""Self-checks for lesson 05 (initialization): xavier_init and he_init.

The function under test is called as init(n_inputs, n_neurons, rng) and must return a new float
array of shape (n_inputs, n_neurons) (like Dense.weights), drawn from a normal distribution with
mean 0 and the scheme's standard deviation, using only the random generator it is given:

    Xavier (Glorot) normal: std = sqrt(2 / (n_inputs + n_neurons))
    He (Kaiming) normal:    std = sqrt(2 / n_inputs)

The weights are random, so the check looks at statistics of many of them (40,000 for a 400 x 100
layer): the sample mean and standard deviation of a right answer are within about 0.5% of the
truth, far inside the 5% tolerance, while every typical mistake (fan_out for fan_in, the variance
instead of the standard deviation, a uniform distribution, the other scheme's formula) is off by
10% or more, and is recognised and named. The generator is also tested: the same seed must give
the same weights, and a different seed different ones.
"""
import numpy as np

from .core import CheckFailed, call, passed

# (n_inputs, n_neurons): fan_in != fan_out in both, in both directions, so that swapping them shows;
# enough weights for tight statistics; and a tiny layer, for the shape only.
STATISTICS_SHAPES = ((400, 100), (60, 240))
TINY_SHAPE = (3, 2)
STD_TOLERANCE = 0.05      # relative; a right answer is within ~0.5% (400 x 100) or ~0.6% (60 x 240)
MEAN_TOLERANCE = 0.05     # |mean| <= 0.05 std; a right answer's sample mean is within ~0.006 std
NORMAL_TAIL = 0.0455      # a normal distribution puts 4.55% of its values beyond 2 standard deviations


def _xavier_std(n_in, n_out):
    return np.sqrt(2.0 / (n_in + n_out))


def _he_std(n_in, n_out):
    return np.sqrt(2.0 / n_in)


def _xavier_mistakes(n_in, n_out):
    """(wrong standard deviation, explanation) of typical wrong Xavier formulas."""
    return [
        (np.sqrt(2.0 / n_in), "this is He's formula sqrt(2 / n_inputs); Xavier uses both sizes: "
                              "sqrt(2 / (n_inputs + n_neurons))"),
        (np.sqrt(1.0 / n_in), "this is sqrt(1 / n_inputs), which uses only fan_in; Xavier averages fan_in and "
                              "fan_out: sqrt(2 / (n_inputs + n_neurons))"),
        (np.sqrt(2.0 / n_out), "only n_neurons (fan_out) is used; Xavier uses both: sqrt(2 / (n_inputs + n_neurons))"),
        (2.0 / (n_in + n_out), "this is the variance 2 / (n_inputs + n_neurons), not the standard deviation: "
                               "take its square root"),
        (np.sqrt(1.0 / (n_in + n_out)), "the 2 in the numerator is missing: sqrt(2 / (n_inputs + n_neurons))"),
        (np.sqrt(2.0 / (n_in * n_out)), "the sizes are multiplied; Xavier adds them: sqrt(2 / (n_inputs + n_neurons))"),
        (2.0 / np.sqrt(n_in + n_out), "the square root is taken of the denominator only: "
                                      "sqrt(2 / (n_inputs + n_neurons)), not 2 / sqrt(n_inputs + n_neurons)"),
        (np.sqrt(6.0 / (n_in + n_out)), "sqrt(6 / (n_inputs + n_neurons)) is the bound of the *uniform* Xavier "
                                        "version, not a standard deviation; the normal version has std "
                                        "sqrt(2 / (n_inputs + n_neurons))"),
        (1.0, "the standard deviation is 1: the standard normal numbers were not multiplied by the std"),
        (0.01, "this is the fixed 0.01 of lesson 02's 0.01 * randn; Xavier's std depends on the layer's sizes"),
    ]


def _he_mistakes(n_in, n_out):
    """(wrong standard deviation, explanation) of typical wrong He formulas."""
    return [
        (np.sqrt(2.0 / n_out), "n_neurons (fan_out) is used instead of n_inputs (fan_in): He's std is "
                               "sqrt(2 / n_inputs), the number of inputs each neuron adds up"),
        (2.0 / n_in, "this is the variance 2 / n_inputs, not the standard deviation: take its square root"),
        (np.sqrt(1.0 / n_in), "the factor 2 is missing: ReLU zeroes about half of the signal, so He doubles the "
                              "variance: sqrt(2 / n_inputs)"),
        (np.sqrt(2.0 / (n_in + n_out)), "this is Xavier's formula; He uses fan_in only: sqrt(2 / n_inputs)"),
        (2.0 / np.sqrt(n_in), "the square root is taken of the denominator only: sqrt(2 / n_inputs), "
                              "not 2 / sqrt(n_inputs)"),
        (np.sqrt(6.0 / n_in), "sqrt(6 / n_inputs) is the bound of the *uniform* He version, not a standard "
                              "deviation; the normal version has std sqrt(2 / n_inputs)"),
        (1.0, "the standard deviation is 1: the standard normal numbers were not multiplied by the std"),
        (0.01, "this is the fixed 0.01 of lesson 02's 0.01 * randn; He's std depends on the number of inputs"),
    ]


def _weights(init, name, n_in, n_out, seed):
    """The student's weights for one layer, as a float array, after checking the shape and the values."""
    result = call(init, name, n_in, n_out, np.random.default_rng(seed))
    if result is None:
        raise CheckFailed(f"{name}({n_in}, {n_out}, rng) returned None: did you forget `return`?")
    try:
        weights = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailed(f"{name}({n_in}, {n_out}, rng) returned {type(result).__name__}, "
                          "expected an array of numbers") from None
    if weights.shape != (n_in, n_out):
        if weights.shape == (n_out, n_in):
            hint = (": rows and columns are swapped. A weight matrix has one row per input and one column per "
                    "neuron, shape (n_inputs, n_neurons), like Dense.weights")
        elif weights.size == n_in * n_out:
            hint = ": the right number of weights, in the wrong arrangement; draw them with size=(n_inputs, n_neurons)"
        elif weights.size == 1:
            hint = ": a single number; pass size=(n_inputs, n_neurons) to the generator to draw the whole matrix"
        else:
            hint = ""
        raise CheckFailed(f"{name}({n_in}, {n_out}, rng) returned shape {weights.shape}, "
                          f"expected ({n_in}, {n_out}){hint}")
    if not np.isfinite(weights).all():
        raise CheckFailed(f"{name}({n_in}, {n_out}, rng) returned NaN or inf")
    return weights


def _check_generator(init, name, n_in, n_out, first):
    """The weights must be random numbers from the rng argument: the same seed repeats them, another seed
    changes them."""
    if np.all(first == first.flat[0]):
        raise CheckFailed(f"{name}({n_in}, {n_out}, rng) returned {first.size} equal weights ({first.flat[0]:.4g}): "
                          "every neuron would start identical (the symmetry problem); draw random numbers from rng")
    again = _weights(init, name, n_in, n_out, seed=2024)
    if not np.array_equal(first, again):
        raise CheckFailed(f"{name} gave different weights for two generators with the same seed: it draws from "
                          "NumPy's global random state (np.random.randn, np.random.normal, ...) or from a new "
                          "unseeded generator, instead of the rng it is given. Use rng.normal(...) or "
                          "rng.standard_normal(...), so that a seed reproduces the run")
    other = _weights(init, name, n_in, n_out, seed=2025)
    if np.array_equal(first, other):
        raise CheckFailed(f"{name} gave the same weights for generators with different seeds: it ignores the rng "
                          "argument (e.g. it makes its own np.random.default_rng(0)). Draw from the rng it is given")


def _check_statistics(name, weights, expected_std, formula, mistakes):
    """Mean 0, a normal distribution, and the expected standard deviation, within the tolerances."""
    n_in, n_out = weights.shape
    what = f"{name}({n_in}, {n_out}, rng)"
    mean, std = weights.mean(), weights.std()
    if abs(mean) > MEAN_TOLERANCE * expected_std:
        hint = ""
        if weights.min() >= 0:
            hint = ": every weight is >= 0. rng.random() and rng.uniform(0, b) draw from [0, 1) and [0, b); " \
                   "the weights must be centred on 0, positive and negative alike"
        raise CheckFailed(f"the weights of {what} have mean {mean:.4g}, expected 0 (within "
                          f"{MEAN_TOLERANCE * expected_std:.2g}){hint}")
    tail = np.mean(np.abs(weights - mean) > 2 * std)
    if tail < 0.6 * NORMAL_TAIL:
        bound = np.abs(weights).max()
        raise CheckFailed(f"the weights of {what} are not normally distributed: only {tail:.1%} lie more than 2 "
                          f"standard deviations from 0 (a normal distribution puts {NORMAL_TAIL:.2%} there), and all "
                          f"lie within +-{bound:.3g}, as if drawn from a uniform distribution. This exercise asks for "
                          f"the normal version: mean 0, std {formula} = {expected_std:.4g}")
    if abs(std - expected_std) <= STD_TOLERANCE * expected_std:
        return
    closest = min(mistakes, key=lambda m: abs(np.log(std / m[0])))
    if abs(std - closest[0]) <= STD_TOLERANCE * closest[0]:
        explanation = closest[1]
    elif abs(std * np.sqrt(3) - expected_std) <= STD_TOLERANCE * expected_std:   # hard to reach: uniform is caught above
        explanation = "a uniform distribution on [-std, std) has standard deviation std / sqrt(3)"
    else:
        explanation = f"the formula is {formula}"
    raise CheckFailed(f"the weights of {what} have standard deviation {std:.4g}, expected {expected_std:.4g} "
                      f"(within {STD_TOLERANCE:.0%}): {explanation}")


def _check_initializer(init, name, std_of, formula, mistakes_of):
    for n_in, n_out in STATISTICS_SHAPES:
        weights = _weights(init, name, n_in, n_out, seed=2024)
        if (n_in, n_out) == STATISTICS_SHAPES[0]:
            _check_generator(init, name, n_in, n_out, weights)
        _check_statistics(name, weights, std_of(n_in, n_out), formula, mistakes_of(n_in, n_out))
    _weights(init, name, *TINY_SHAPE, seed=0)
    passed(name)


def check_xavier_init(xavier_init):
    """xavier_init(n_inputs, n_neurons, rng) -> (n_inputs, n_neurons) normal weights with mean 0 and
    std sqrt(2 / (n_inputs + n_neurons)), drawn from rng."""
    _check_initializer(xavier_init, "xavier_init", _xavier_std, "sqrt(2 / (n_inputs + n_neurons))", _xavier_mistakes)


def check_he_init(he_init):
    """he_init(n_inputs, n_neurons, rng) -> (n_inputs, n_neurons) normal weights with mean 0 and
    std sqrt(2 / n_inputs), drawn from rng."""
    _check_initializer(he_init, "he_init", _he_std, "sqrt(2 / n_inputs)", _he_mistakes)
