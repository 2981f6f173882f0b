"""Lesson 06, the learning rate: diverged(losses).

diverged(losses): losses is one run's loss curve, a list (MLP.fit's history.losses) or a 1-D array
(a row of run_seeds). The run has diverged when a loss is inf or NaN, or when the last loss is larger
than the first; the right answer is the one definition the tables and explorers share
(experiments.seed_stats.outcomes: diverged, or rose).
"""
import math

import numpy as np

from ..experiments.seed_stats import outcomes
from .core import Exercise, Mistake

LESSON = "06_learning_rate"
CURVES = ("falling", "reaching inf", "reaching NaN", "growing", "ending a little above its start",
          "with a spike that comes back down", "oscillating", "ending exactly at its start")


def _curves_inputs(rng):
    """One loss curve of each kind in CURVES, in that order."""
    start, n = float(rng.uniform(0.3, 2.0)), int(rng.integers(5, 9))

    def times(low, high, count):
        return list(start * np.cumprod(rng.uniform(low, high, size=count)))

    falling = times(0.6, 0.95, n - 1)
    return {"curves": [[start, *falling],
                       [start, *times(10.0, 1000.0, 2), *[math.inf] * (n - 3)],
                       [start, *falling[:2], *[math.nan] * (n - 3)],
                       [start, *times(5.0, 50.0, n - 1)],
                       [start, *falling[:-1], start * float(rng.uniform(1.01, 1.3))],
                       [start, start * float(rng.uniform(10.0, 50.0)), *falling[1:]],
                       [start, *times(0.7, 1.2, n - 2), start * float(rng.uniform(0.3, 0.9))],
                       [start, *falling[:-1], start]]}


def _truth(value):
    """'True' or 'False' for a bool (NumPy's too); anything else is named by its type."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    return f"not True or False but {type(value).__name__}"


def _diverged_call(diverged, i):
    return {"as arrays": [_truth(diverged(np.array(curve))) for curve in i["curves"]],
            "as lists": [_truth(diverged(list(curve))) for curve in i["curves"]]}


def _judged(rule):
    """The answer when every curve is judged by rule(curve as an array) -> bool, as arrays and as lists."""
    def answer(i):
        said = [str(bool(rule(np.array(curve, dtype=np.float64)))) for curve in i["curves"]]
        return {"as arrays": said, "as lists": said}
    return answer


def _outcome(curve):
    seen = outcomes(curve)
    return seen.diverged[0] or seen.rose[0]


def _finite(curve):
    return bool(np.isfinite(curve).all())


DIVERGED = Exercise(
    name="diverged", lesson=LESSON, solution="diverged",
    inputs=_curves_inputs, call=_diverged_call, answer=_judged(_outcome),
    describe=lambda i: (f"{len(i['curves'])} loss curves ({', '.join(CURVES)}), each as an array and as a "
                        "list; the index is the curve's"),
    mistakes=(
        Mistake("comparison_reversed", _judged(lambda c: c[-1] < c[0]),
                "Your diverged says True for a loss that falls and False for one that grows.",
                "A run has diverged when its last loss is larger than its first: losses[-1] > losses[0]."),
        Mistake("nan_missed", _judged(lambda c: bool(np.isinf(c).any()) or c[-1] > c[0]),
                "Your diverged says False for a run whose loss became NaN.",
                "Every comparison with NaN is False, and np.isinf(nan) is False too; np.isfinite catches inf "
                "and NaN alike."),
        Mistake("growth_missed", _judged(lambda c: not _finite(c)),
                "Your diverged says False for a run whose loss grew far above its start while still finite.",
                "A run whose last loss is larger than its first has diverged too, before the numbers reach "
                "inf: compare the last loss with the first."),
        Mistake("margin_needed", _judged(lambda c: not _finite(c) or c[-1] > 2 * c[0]),
                "Your diverged says False for a run that ended a little above its start.",
                "Any last loss larger than the first counts, with no factor or margin."),
        Mistake("largest_loss_judged", _judged(lambda c: not _finite(c) or c.max() > c[0]),
                "Your diverged says True for a run whose loss jumped up once but ended below its start.",
                "Judge the run by its last loss, not by its largest one."),
        Mistake("any_rise_counts", _judged(lambda c: not _finite(c) or bool((c[1:] > c[:-1]).any())),
                "Your diverged says True for a run that goes up in some epochs but ends below its start.",
                "An oscillating loss has not diverged: compare the last loss with the first, not neighbouring "
                "epochs."),
        Mistake("equal_counts", _judged(lambda c: not _finite(c) or c[-1] >= c[0]),
                "Your diverged says True for a run that ended exactly at its starting loss.",
                "Only a last loss *larger* than the first counts: > rather than >=."),
    ),
    hints=("A run has diverged when its loss stops being a number, or ends higher than it started.",
           "np.isfinite(losses) is False for inf and for NaN; np.asarray turns a list into an array.",
           "Return one True or False for the whole run: combine the epochs with .all() or .any()."),
)

EXERCISES = (DIVERGED,)
