"""Comparisons too long for a lesson's Run All: computed here once, stored, and read by the lesson.

    python -m tools.lesson_results               # all of them (about a minute on an idle machine)
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


EXPERIMENTS = {
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
    # where the gap between tanh + xavier and tanh + he comes from, and whether it holds on other seeds
    "07_tanh_scope": lambda: spirals(
        {"tanh + he in layer 1": dict(activation="tanh", init=HeInFirstLayer())},
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
