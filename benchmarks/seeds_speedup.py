"""How much faster is nh.run_seeds than a loop of MLP.fit, one seed after the other?

    .venv/bin/python benchmarks/seeds_speedup.py

The target (issue 6): at least 5x for 20 seeds on the letters task ([30, 8, 3]). Also times the
spirals task, where the work per epoch is larger and stacking gains less. Exits with status 1 if
the letters speedup is below the target. Prints the median over a few repeats of each timing.
"""

import sys
import time

import numpy as np

import nnhelpers as nh

TARGET = 5.0


def median_seconds(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def compare(name, layer_sizes, X, Y, seeds, repeats, **settings):
    fit = {key: settings[key] for key in ("epochs", "lr", "loss")}
    build = {key: settings[key] for key in ("activation", "init")}

    def loop():
        return [nh.MLP(layer_sizes, seed=seed, **build).fit(X, Y, **fit).losses for seed in seeds]

    def stacked():
        return nh.run_seeds(layer_sizes, X, Y, seeds, **settings)

    assert np.array_equal(np.array(loop()), stacked()), "run_seeds must give the loop's numbers"
    t_loop, t_stacked = median_seconds(loop, repeats), median_seconds(stacked, repeats)
    speedup = t_loop / t_stacked
    print(
        f"{name}: {len(seeds)} seeds x {settings['epochs']} epochs: loop of MLP.fit {1000 * t_loop:.0f} ms, "
        f"run_seeds {1000 * t_stacked:.0f} ms, speedup {speedup:.1f}x"
    )
    return speedup


def main():
    X, Y, _ = nh.letters()
    speedup = compare(
        "letters [30, 8, 3]",
        [30, 8, 3],
        X,
        Y,
        range(20),
        repeats=7,
        epochs=500,
        lr=0.1,
        activation="relu",
        init="he",
        loss="mse",
    )
    Xs, Ys = nh.spirals(100, noise=0.1, seed=0)
    compare(
        "spirals [2, 16, 16, 2] tanh (for information)",
        [2, 16, 16, 2],
        Xs,
        Ys,
        range(20),
        repeats=3,
        epochs=300,
        lr=1.0,
        activation="tanh",
        init="xavier",
        loss="cross_entropy",
    )
    print(f"target: letters speedup >= {TARGET:g}x: {'met' if speedup >= TARGET else 'NOT MET'}")
    return 0 if speedup >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
