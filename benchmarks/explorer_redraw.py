"""How long does the TrainingExplorer take to retrain and redraw after a control changes?

    .venv/bin/python benchmarks/explorer_redraw.py

The target (issue 6): a median under 150 ms for the letters task ([30, 8, 3]) at the default settings
(200 epochs, one seed). Also reports the redraw with the band over 20 seeds switched on. Each timing
changes a control the way a student does (the learning rate, then the other controls) and measures
the whole callback: training, drawing and PNG encoding. Exits with status 1 if the target is missed.
"""

import sys
import time

import numpy as np

import nnhelpers as nh

TARGET_MS = 150.0
LEARNING_RATES = [0.05, 0.2, 0.5, 0.08, 0.3, 0.12, 0.02, 0.7, 0.15, 0.1]


def median_ms(explorer, changes):
    times = []
    for control, value in changes:
        start = time.perf_counter()
        control.value = value  # the observer retrains and redraws, as in the notebook
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def main():
    explorer = nh.TrainingExplorer()  # letters, [30, 8, 3], relu, he, lr 0.1, 200 epochs
    lr_changes = [(explorer.lr, lr) for lr in LEARNING_RATES * 3]
    other_changes = [
        (explorer.init, "xavier"),
        (explorer.init_scale, 2.0),
        (explorer.activation, "tanh"),
        (explorer.hidden, 12),
        (explorer.seed, 3),
        (explorer.init, "he"),
        (explorer.init_scale, 1.0),
        (explorer.activation, "relu"),
        (explorer.hidden, 8),
        (explorer.seed, 0),
    ]
    default = median_ms(explorer, lr_changes + other_changes)
    print(
        f"letters [30, 8, 3], 200 epochs, one seed: median redraw {default:.0f} ms "
        f"over {len(lr_changes) + len(other_changes)} changes"
    )
    explorer.band.value = True
    band = median_ms(explorer, lr_changes)
    print(f"the same with the band over {explorer.n_band_seeds} seeds: median redraw {band:.0f} ms")
    print(
        f"target: default median < {TARGET_MS:g} ms: {'met' if default < TARGET_MS else 'NOT MET'}"
    )
    return 0 if default < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
