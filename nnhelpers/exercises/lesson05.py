"""Lesson 05, initialization: xavier_init and he_init, judged by what the weights are like (core's
`reading`): their shape, mean, spread and tails, and whether the rng they are given decides them."""

import math

import numpy as np

from ..engine import initializer
from ..i18n import _
from .core import Exercise, Mistake

LESSON = "05_initialization"
# Not square, so that a swapped fan_in / fan_out shows; 10,000 weights: a right answer's std is within
# 0.6% (1 sigma) of the formula's, well inside STD_TOLERANCE; the formulas of the mistakes stay apart.
SHAPES = ((240, 60), (60, 240), (150, 90), (90, 150))
TINY = (3, 2)
STD_TOLERANCE, MEAN_TOLERANCE = 0.05, 0.05  # relative to the formula's std
NORMAL_TAIL = 0.0455  # a normal distribution's share beyond 2 std


def _inputs(rng):
    n_inputs, n_neurons = SHAPES[int(rng.integers(len(SHAPES)))]
    seed, other = (int(s) for s in rng.choice(10**6, size=2, replace=False))
    return {"n_inputs": n_inputs, "n_neurons": n_neurons, "seed": seed, "other": other}


def _call(init, i):
    def draw(shape, seed):
        return init(*shape, np.random.default_rng(seed))

    shape = (i["n_inputs"], i["n_neurons"])
    return {
        "weights": draw(shape, i["seed"]),
        "tiny": draw(TINY, i["seed"]),
        "tiny, same seed": draw(TINY, i["seed"]),
        "tiny, other seed": draw(TINY, i["other"]),
    }


def _drawn(
    std=None,
    name=None,
    shape=lambda i: (i["n_inputs"], i["n_neurons"]),
    again=None,
    other=None,
    uniform=False,
):
    """The answer of an initializer: the engine's `name`, or normal weights of std(n_in, n_out) (uniform
    of that spread); again/other: the seeds the repeated draws really use (default: the given ones)."""

    def answer(i):
        def draw(size, seed):
            rng = np.random.default_rng(seed)
            if name is not None:
                return initializer(name)(size, rng)
            scale = std(i["n_inputs"], i["n_neurons"])
            if uniform:
                return rng.uniform(-scale * math.sqrt(3), scale * math.sqrt(3), size=size)
            return initializer("normal", std=scale)(size, rng)

        first = again(i) if again else i["seed"]
        return {
            "weights": draw(shape(i), i["seed"]),
            "tiny": draw(TINY, i["seed"]),
            "tiny, same seed": draw(TINY, first),
            "tiny, other seed": draw(TINY, other(i) if other else i["other"]),
        }

    return answer


def _reading(formulas):
    """What weights are like: shape, mean, which of the known formulas their spread fits, tails, seeds."""

    def reading(got, i):
        weights = np.asarray(got["weights"], dtype=np.float64)
        tiny, same, other = (
            np.asarray(got[key], dtype=np.float64)
            for key in ("tiny", "tiny, same seed", "tiny, other seed")
        )
        if weights.ndim != 2 or not np.isfinite(weights).all():
            raise ValueError("not a 2-D array of numbers")
        required = formulas["required"](i["n_inputs"], i["n_neurons"])
        std, mean = float(weights.std()), float(weights.mean())
        fits = [
            name
            for name, formula in formulas.items()
            if abs(std - formula(i["n_inputs"], i["n_neurons"]))
            <= STD_TOLERANCE * formula(i["n_inputs"], i["n_neurons"])
        ]
        tail = float(np.mean(np.abs(weights - mean) > 2 * std)) if std > 0 else 0.0
        return {
            "shape": list(weights.shape),
            "tiny shape": list(tiny.shape),
            "spread": fits[0] if fits else f"std {std / required:.2g} times the required",
            "mean": "about 0" if abs(mean) <= MEAN_TOLERANCE * required else "away from 0",
            "tails": "normal" if tail >= 0.6 * NORMAL_TAIL else "too few far values (not normal)",
            "same seed": "same weights" if np.array_equal(tiny, same) else "other weights",
            "other seed": "other weights" if not np.array_equal(tiny, other) else "same weights",
        }

    return reading


def _common(std):
    """The mistakes any initializer can make, for an exercise whose formula is std(n_in, n_out)."""
    return (
        Mistake(
            "shape_swapped",
            _drawn(std, shape=lambda i: (i["n_neurons"], i["n_inputs"])),
            _("Your weight matrix has rows and columns swapped: (n_neurons, n_inputs)."),
            _(
                "One row per input, one column per neuron: size=(n_inputs, n_neurons), like Dense.weights."
            ),
        ),
        Mistake(
            "global_random_state",
            _drawn(std, again=lambda i: i["seed"] + 1, other=lambda i: i["seed"] + 2),
            _(
                "Two generators with the same seed gave your function different weights: it does not draw "
                "from the rng it is given."
            ),
            _(
                "Draw from the argument: rng.normal(0.0, std, size=...), not np.random.normal or a new generator."
            ),
        ),
        Mistake(
            "rng_ignored",
            _drawn(std, other=lambda i: i["seed"]),
            _(
                "Generators with different seeds gave your function the same weights: the rng argument is not "
                "used."
            ),
            _("Draw from the rng you are given, not from a generator you make with a fixed seed."),
        ),
        Mistake(
            "uniform",
            _drawn(std, uniform=True),
            _(
                "Your weights have the right spread but too few far values: they are uniform, not normal."
            ),
            _("Draw normal numbers: rng.normal(0.0, std, size=...)."),
        ),
        Mistake(
            "std_one",
            _drawn(lambda a, b: 1.0),
            _(
                "Your weights have standard deviation 1: the standard normal numbers are not scaled."
            ),
            _("Multiply by the formula's std, or pass it to rng.normal(0.0, std, size=...)."),
        ),
        Mistake(
            "fixed_001",
            _drawn(lambda a, b: 0.01),
            _("Your weights have standard deviation 0.01, whatever the layer's sizes."),
            _("The std depends on the layer's sizes (the formula above the exercise)."),
        ),
    )


XAVIER_FORMULAS = {
    "required": lambda a, b: math.sqrt(2.0 / (a + b)),
    "He's formula": lambda a, b: math.sqrt(2.0 / a),
    "sqrt(1 / n_inputs)": lambda a, b: math.sqrt(1.0 / a),
    "sqrt(2 / n_neurons)": lambda a, b: math.sqrt(2.0 / b),
    "the variance": lambda a, b: 2.0 / (a + b),
    "sqrt(1 / (n_inputs + n_neurons))": lambda a, b: math.sqrt(1.0 / (a + b)),
    "the uniform version's bound": lambda a, b: math.sqrt(6.0 / (a + b)),
    "1": lambda a, b: 1.0,
    "0.01": lambda a, b: 0.01,
}
HE_FORMULAS = {
    "required": lambda a, b: math.sqrt(2.0 / a),
    "sqrt(2 / n_neurons)": lambda a, b: math.sqrt(2.0 / b),
    "the variance": lambda a, b: 2.0 / a,
    "sqrt(1 / n_inputs)": lambda a, b: math.sqrt(1.0 / a),
    "Xavier's formula": lambda a, b: math.sqrt(2.0 / (a + b)),
    "the uniform version's bound": lambda a, b: math.sqrt(6.0 / a),
    "1": lambda a, b: 1.0,
    "0.01": lambda a, b: 0.01,
}


def _describe(i):
    return _(
        "a ({n_inputs}, {n_neurons}) layer drawn from a seeded rng, and a {tiny} one drawn three "
        "times (same seed twice, another once)"
    ).format(n_inputs=i["n_inputs"], n_neurons=i["n_neurons"], tiny=TINY)


XAVIER_INIT = Exercise(
    name="xavier_init",
    lesson=LESSON,
    solution="xavier_init",
    inputs=_inputs,
    call=_call,
    answer=_drawn(name="xavier"),
    describe=_describe,
    reading=_reading(XAVIER_FORMULAS),
    mistakes=(
        Mistake(
            "he_formula",
            _drawn(XAVIER_FORMULAS["He's formula"]),
            _(
                "Your weights' spread fits sqrt(2 / n_inputs), which uses the number of inputs only."
            ),
            _("Xavier uses both sizes: sqrt(2 / (n_inputs + n_neurons))."),
        ),
        Mistake(
            "fan_in_only",
            _drawn(XAVIER_FORMULAS["sqrt(1 / n_inputs)"]),
            _("Your weights' spread fits sqrt(1 / n_inputs): the number of neurons plays no part."),
            _("Xavier averages fan_in and fan_out: sqrt(2 / (n_inputs + n_neurons))."),
        ),
        Mistake(
            "fan_out_only",
            _drawn(XAVIER_FORMULAS["sqrt(2 / n_neurons)"]),
            _("Your weights' spread fits sqrt(2 / n_neurons): the number of inputs plays no part."),
            _("Xavier uses both sizes: sqrt(2 / (n_inputs + n_neurons))."),
        ),
        Mistake(
            "variance_not_std",
            _drawn(XAVIER_FORMULAS["the variance"]),
            _("Your weights' spread is the variance the formula gives, far too small."),
            _(
                "The standard deviation is the square root of the variance: sqrt(2 / (n_inputs + n_neurons))."
            ),
        ),
        Mistake(
            "missing_2",
            _drawn(XAVIER_FORMULAS["sqrt(1 / (n_inputs + n_neurons))"]),
            _("Your weights' spread is sqrt(2) times too small."),
            _("The numerator is 2: sqrt(2 / (n_inputs + n_neurons))."),
        ),
        Mistake(
            "uniform_bound",
            _drawn(XAVIER_FORMULAS["the uniform version's bound"]),
            _(
                "Your weights' spread fits sqrt(6 / (n_inputs + n_neurons)), the uniform version's bound."
            ),
            _("The normal version's std is sqrt(2 / (n_inputs + n_neurons))."),
        ),
        *_common(XAVIER_FORMULAS["required"]),
    ),
    hints=(
        _("Xavier (Glorot) draws normal weights whose spread depends on both layer sizes."),
        _("The standard deviation is sqrt(2 / (n_inputs + n_neurons))."),
        _("Draw from the rng you are given: rng.normal(0.0, std, size=(n_inputs, n_neurons))."),
    ),
)

HE_INIT = Exercise(
    name="he_init",
    lesson=LESSON,
    solution="he_init",
    inputs=_inputs,
    call=_call,
    answer=_drawn(name="he"),
    describe=_describe,
    reading=_reading(HE_FORMULAS),
    mistakes=(
        Mistake(
            "fan_out",
            _drawn(HE_FORMULAS["sqrt(2 / n_neurons)"]),
            _(
                "Your weights' spread fits sqrt(2 / n_neurons): it follows the number of neurons, not of inputs."
            ),
            _("He's std is sqrt(2 / n_inputs), the number of inputs each neuron adds up."),
        ),
        Mistake(
            "variance_not_std",
            _drawn(HE_FORMULAS["the variance"]),
            _("Your weights' spread is the variance the formula gives, far too small."),
            _("The standard deviation is the square root: sqrt(2 / n_inputs)."),
        ),
        Mistake(
            "missing_2",
            _drawn(HE_FORMULAS["sqrt(1 / n_inputs)"]),
            _("Your weights' spread is sqrt(2) times too small."),
            _(
                "ReLU zeroes about half of the signal, so He doubles the variance: sqrt(2 / n_inputs)."
            ),
        ),
        Mistake(
            "xavier_formula",
            _drawn(HE_FORMULAS["Xavier's formula"]),
            _("Your weights' spread fits sqrt(2 / (n_inputs + n_neurons)), which uses both sizes."),
            _("He uses the number of inputs only: sqrt(2 / n_inputs)."),
        ),
        Mistake(
            "uniform_bound",
            _drawn(HE_FORMULAS["the uniform version's bound"]),
            _("Your weights' spread fits sqrt(6 / n_inputs), the uniform version's bound."),
            _("The normal version's std is sqrt(2 / n_inputs)."),
        ),
        *_common(HE_FORMULAS["required"]),
    ),
    hints=(
        _(
            "He initialization is made for ReLU layers: its spread depends on the number of inputs only."
        ),
        _("The standard deviation is sqrt(2 / n_inputs)."),
        _("Draw from the rng you are given, with shape (n_inputs, n_neurons)."),
    ),
)

EXERCISES = (XAVIER_INIT, HE_INIT)
