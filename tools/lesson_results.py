"""Comparisons too long for a lesson's Run All (lessons 05 and 07): computed here once, stored, and
read by the lesson.

    python -m tools.lesson_results               # all of them (minutes on an idle machine)
    python -m tools.lesson_results 07_sigmoid    # one

Each is an nh.compare call, written out below; the result goes to nnhelpers/data/results/<name>.npz
and the lesson prints and plots it with nh.stored_comparison(name). tests/course/test_lesson_results.py
recomputes a slice of each (a few seeds, the first epochs) and checks it against the stored curves.
Run this again after any change to the engine, and re-execute the lesson.
"""

import sys

import numpy as np

import nnhelpers as nh
from nnhelpers.experiments.compare import STORED


class HeInFirstLayer(nh.Initializer):
    """He's scale in the first layer (the one with 2 inputs), Xavier's in the others: the same random
    numbers as either scheme, drawn in the same order, only scaled differently."""

    name = "he in the first layer"

    def _draw(self, shape, rng):
        fan_in, fan_out = shape[0], shape[-1]
        std = np.sqrt(2.0 / fan_in) if fan_in == 2 else np.sqrt(2.0 / (fan_in + fan_out))
        return std * rng.standard_normal(shape)


def spirals(configs, lrs, epochs, seeds=range(10)):
    """Lesson 07's spirals comparison: 2-16-16-2, cross-entropy, target 0.2, held-out spirals(seed=1)."""
    X, Y = nh.spirals()
    return dict(
        configs=configs,
        X=X,
        Y=Y,
        layer_sizes=[2, 16, 16, 2],
        loss="cross_entropy",
        lrs=lrs,
        seeds=seeds,
        epochs=epochs,
        threshold=0.2,
        test=nh.spirals(seed=1),
    )


def letters(configs, layer_sizes, lrs, epochs):
    """Lesson 05's deep ReLU networks on the letters: MSE, 20 seeds, target 0.01, no held-out set."""
    X, Y, _ = nh.letters()
    return dict(
        configs={label: dict(init=init) for label, init in configs.items()},
        X=X,
        Y=Y,
        layer_sizes=layer_sizes,
        lrs=lrs,
        seeds=range(20),
        epochs=epochs,
        threshold=0.01,
    )


NINE = [30] + [32] * 8 + [3]  # lesson 05's deep network: 9 weight layers
THIRTY = [30] + [32] * 29 + [3]  # He et al.'s depth (2015, figure 3): 30 weight layers

EXPERIMENTS = {
    # lesson 05, section 4: every scale at its own best rate of a sweep, 9 weight layers
    "05_depth9": lambda: letters(
        {
            "normal 0.01": nh.initializer("normal", std=0.01),
            "he x 0.5": nh.scaled_initializer("he", 0.5),
            "xavier": nh.initializer("xavier"),
            "he": nh.initializer("he"),
            "he x 2": nh.scaled_initializer("he", 2.0),
            "uniform [-1, 1]": nh.initializer("uniform", low=-1.0, high=1.0),
        },
        NINE,
        lrs=(0.015, 0.05, 0.15, 0.5),
        epochs=200,
    ),
    # the same at 30 weight layers, Xavier against He, over a wider sweep (minutes of training)
    "05_depth30": lambda: letters(
        {"xavier": nh.initializer("xavier"), "he": nh.initializer("he")},
        THIRTY,
        lrs=(0.0015, 0.005, 0.015, 0.05, 0.15, 0.5, 1.5, 5.0),
        epochs=300,
    ),
    # the 9-layer network again: He x 2 and uniform at rates far below the sweep of 05_depth9
    "05_tiny_rates": lambda: letters(
        {
            "he x 2": nh.scaled_initializer("he", 2.0),
            "uniform [-1, 1]": nh.initializer("uniform", low=-1.0, high=1.0),
        },
        NINE,
        lrs=(1e-7, 1e-6, 1e-5, 1e-4),
        epochs=300,
    ),
    # lesson 07, section 4.2: four hidden-layer choices, each at its best of three rates
    "07_spirals": lambda: spirals(
        {
            "relu": dict(activation="relu", init="he"),
            "leaky_relu": dict(activation="leaky_relu", init="he"),
            "tanh + xavier": dict(activation="tanh", init="xavier"),
            "tanh + he": dict(activation="tanh", init="he"),
        },
        lrs=(0.3, 1.0, 3.0),
        epochs=1000,
    ),
    # where the gap between tanh + xavier and tanh + he comes from, and whether it holds on other seeds;
    # the label names each weight layer's scale (words would not be translated: the label is data)
    "07_tanh_scope": lambda: spirals(
        {"tanh + he, xavier, xavier": dict(activation="tanh", init=HeInFirstLayer())},
        lrs=(1.0,),
        epochs=1000,
    ),
    "07_tanh_other_seeds": lambda: spirals(
        {
            "tanh + xavier": dict(activation="tanh", init="xavier"),
            "tanh + he": dict(activation="tanh", init="he"),
        },
        lrs=(1.0,),
        epochs=1000,
        seeds=range(100, 110),
    ),
    # the sigmoid, with each initialization, at its best rate of the same sweep, for a longer budget
    "07_sigmoid": lambda: spirals(
        {
            "sigmoid + xavier": dict(activation="sigmoid", init="xavier"),
            "sigmoid + he": dict(activation="sigmoid", init="he"),
        },
        lrs=(0.3, 1.0, 3.0),
        epochs=3000,
    ),
}


def main(names):
    STORED.mkdir(parents=True, exist_ok=True)
    for name in names or EXPERIMENTS:
        result = nh.compare(**EXPERIMENTS[name]())
        result.save(STORED / f"{name}.npz")
        print(f"{name}: stored in {STORED / name}.npz\n{result}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
