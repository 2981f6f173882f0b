"""Results too slow for a lesson's Run All, computed here once and stored in the lesson (lesson 05).

    .venv/bin/python -m tools.stored_results    # recompute (minutes), rewrite lesson 05's cell

Lesson 05 finds Xavier and He indistinguishable at 9 weight layers; He et al. (2015, figure 3)
found Xavier stalling at 30 ReLU layers where He learns. Showing it takes 30 layers of 32 ReLU
units trained from 20 seeds at every rate of DEPTH30_LRS: minutes, not seconds. The lesson also
says that He x 2 and uniform [-1, 1], which diverge at every rate of its sweep, reach the target
from a few seeds at rates around 1e-6 (TINY_LRS). Both tables are stored as dict literals in the
cell STORED_CELL of lesson 05; tests/course/test_stored_results.py retrains a slice of each and checks
that it agrees.
"""

import pprint
import sys
from pathlib import Path

import nbformat

import nnhelpers as nh

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "05_initialization.ipynb"
STORED_CELL = "5d30a1b2"
NINE = [30] + [32] * 8 + [3]  # the lesson's deep network: 9 weight layers
THIRTY = [30] + [32] * 29 + [3]  # He et al.'s depth: 30 weight layers
DEPTH30_LRS = [0.0015, 0.005, 0.015, 0.05, 0.15, 0.5, 1.5, 5.0]
TINY_LRS = [1e-7, 1e-6, 1e-5, 1e-4]
SEEDS, EPOCHS, TARGET = range(20), 300, 0.01


def sweep(configs, layer_sizes, lrs):
    """{label: {lr: [seeds that reached TARGET, the epoch by which half of all had (or None)]}}."""
    X, Y, _ = nh.letters()
    result = nh.compare(
        configs,
        X,
        Y,
        layer_sizes=layer_sizes,
        lrs=lrs,
        seeds=SEEDS,
        epochs=EPOCHS,
        threshold=TARGET,
    )
    return {
        label: {
            lr: [round(row.reached * row.n_seeds), row.epochs_to_threshold]
            for lr, row in by_lr.items()
        }
        for label, by_lr in result.sweep.items()
    }


def depth30(lrs=DEPTH30_LRS):
    return sweep({"xavier": dict(init="xavier"), "he": dict(init="he")}, THIRTY, lrs)


def tiny_rates(lrs=TINY_LRS):
    return sweep(
        {
            "he x 2": dict(init=nh.scaled_initializer("he", 2.0)),
            "uniform [-1, 1]": dict(init=nh.initializer("uniform", low=-1.0, high=1.0)),
        },
        NINE,
        lrs,
    )


HEADER = (
    "# Stored results: 30 layers from 20 seeds at 8 rates train for minutes, too long for Run All."
)


def stored_source(thirty, tiny):
    """The source of the stored cell: the two tables as literals, and a printout of them."""
    return (
        HEADER
        + f"""
# Made by `python -m tools.stored_results` with nh.compare as in the cells above (20 seeds,
# 300 epochs, target 0.01); tests/course/test_stored_results.py retrains part of it and
# checks it agrees.
# {{configuration: {{learning rate: [seeds of 20 that reached 0.01, epoch of half (None: never)]}}}}
depth30 = {pprint.pformat(thirty, width=96, compact=True)}
# the 9-layer network again, He x 2 and uniform at rates far below the sweep of section 4
tiny_rates = {pprint.pformat(tiny, width=96, compact=True)}
for title, stored in (("30 weight layers", depth30), ("9 weight layers, tiny rates", tiny_rates)):
    print(title + ": seeds of 20 that reached 0.01 (epoch of half)")
    for label, by_lr in stored.items():
        cells = [f"lr {{lr:g}}: {{n}} ({{'never' if half is None else half}})"
                 for lr, (n, half) in by_lr.items()]
        print(f"  {{label:<16}}" + ", ".join(cells))"""
    )


def stored_tables(nb):
    """(depth30, tiny_rates) as stored in the lesson's cell."""
    namespace = {}
    source = next(cell.source for cell in nb.cells if cell.id == STORED_CELL)
    exec(source.split("\nfor title")[0], namespace)  # the literals only, not the printout
    return namespace["depth30"], namespace["tiny_rates"]


def main():
    thirty, tiny = depth30(), tiny_rates()
    nb = nbformat.read(LESSON, as_version=4)
    cell = next((cell for cell in nb.cells if cell.id == STORED_CELL), None)
    if cell is None:
        sys.exit(f"{LESSON.name} has no cell {STORED_CELL}")
    cell.source = stored_source(thirty, tiny)
    nbformat.write(nb, LESSON)
    print(cell.source)
    print(
        f"\nwritten to cell {STORED_CELL} of {LESSON.name}; re-execute it (tools/run_notebooks.py)"
    )


if __name__ == "__main__":
    main()
