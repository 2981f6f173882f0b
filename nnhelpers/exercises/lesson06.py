"""Lesson 06, the learning rate: diverged(losses) and lr_choice, a learning rate that reaches the target.

diverged(losses): losses is one run's loss curve, a list (MLP.fit's history.losses) or a 1-D array
(a row of run_seeds). The run has diverged when a loss is inf or NaN, or when the last loss is larger
than the first; the right answer is the one definition the tables and explorers share
(experiments.seed_stats.outcomes: diverged, or rose).

lr_choice is judged by training: the lesson's 30-16-3 ReLU network on its 120 noisy letters, from 20
seeds, for EPOCHS epochs (experiments.seeds.run_seeds); it is right when at least NEEDED seeds get the
loss down to TARGET. Otherwise what the runs show names the mistake: too large (runs diverge, the loss
goes up and down, or it jumps far above its start) or too small (the loss falls smoothly, not far enough).
"""

import functools
import math
import numbers

import numpy as np

from ..data.letter_bitmaps import noisy_letters
from ..experiments.seed_stats import half_of_seeds_epoch, outcomes
from ..experiments.seeds import run_seeds
from ..i18n import _
from .core import Exercise, Malformed, Mistake

LESSON = "06_learning_rate"
CURVES = (
    "falling",
    "reaching inf",
    "reaching NaN",
    "growing",
    "ending a little above its start",
    "with a spike that comes back down",
    "oscillating",
    "ending exactly at its start",
)


def _curves_inputs(rng):
    """One loss curve of each kind in CURVES, in that order."""
    start, n = float(rng.uniform(0.3, 2.0)), int(rng.integers(5, 9))

    def times(low, high, count):
        return list(start * np.cumprod(rng.uniform(low, high, size=count)))

    falling = times(0.6, 0.95, n - 1)
    return {
        "curves": [
            [start, *falling],
            [start, *times(10.0, 1000.0, 2), *[math.inf] * (n - 3)],
            [start, *falling[:2], *[math.nan] * (n - 3)],
            [start, *times(5.0, 50.0, n - 1)],
            [start, *falling[:-1], start * float(rng.uniform(1.01, 1.3))],
            [start, start * float(rng.uniform(10.0, 50.0)), *falling[1:]],
            [start, *times(0.7, 1.2, n - 2), start * float(rng.uniform(0.3, 0.9))],
            [start, *falling[:-1], start],
        ]
    }


def _truth(value):
    """'True' or 'False' for a bool (NumPy's too); anything else is named by its type."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    return f"not True or False but {type(value).__name__}"


def _diverged_call(diverged, i):
    return {
        "as arrays": [_truth(diverged(np.array(curve))) for curve in i["curves"]],
        "as lists": [_truth(diverged(list(curve))) for curve in i["curves"]],
    }


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
    name="diverged",
    lesson=LESSON,
    solution="diverged",
    inputs=_curves_inputs,
    call=_diverged_call,
    answer=_judged(_outcome),
    describe=lambda i: _(
        "{count} loss curves ({names}), each as an array and as a list; the index is the curve's"
    ).format(count=len(i["curves"]), names=", ".join(CURVES)),
    mistakes=(
        Mistake(
            "comparison_reversed",
            _judged(lambda c: c[-1] < c[0]),
            _("Your diverged says True for a loss that falls and False for one that grows."),
            _(
                "A run has diverged when its last loss is larger than its first: losses[-1] > losses[0]."
            ),
        ),
        Mistake(
            "nan_missed",
            _judged(lambda c: bool(np.isinf(c).any()) or c[-1] > c[0]),
            _("Your diverged says False for a run whose loss became NaN."),
            _(
                "Every comparison with NaN is False, and np.isinf(nan) is False too; np.isfinite catches inf "
                "and NaN alike."
            ),
        ),
        Mistake(
            "growth_missed",
            _judged(lambda c: not _finite(c)),
            _(
                "Your diverged says False for a run whose loss grew far above its start while still finite."
            ),
            _(
                "A run whose last loss is larger than its first has diverged too, before the numbers reach "
                "inf: compare the last loss with the first."
            ),
        ),
        Mistake(
            "margin_needed",
            _judged(lambda c: not _finite(c) or c[-1] > 2 * c[0]),
            _("Your diverged says False for a run that ended a little above its start."),
            _("Any last loss larger than the first counts, with no factor or margin."),
        ),
        Mistake(
            "largest_loss_judged",
            _judged(lambda c: not _finite(c) or c.max() > c[0]),
            _(
                "Your diverged says True for a run whose loss jumped up once but ended below its start."
            ),
            _("Judge the run by its last loss, not by its largest one."),
        ),
        Mistake(
            "any_rise_counts",
            _judged(lambda c: not _finite(c) or bool((c[1:] > c[:-1]).any())),
            _(
                "Your diverged says True for a run that goes up in some epochs but ends below its start."
            ),
            _(
                "An oscillating loss has not diverged: compare the last loss with the first, not neighbouring "
                "epochs."
            ),
        ),
        Mistake(
            "equal_counts",
            _judged(lambda c: not _finite(c) or c[-1] >= c[0]),
            _("Your diverged says True for a run that ended exactly at its starting loss."),
            _("Only a last loss *larger* than the first counts: > rather than >=."),
        ),
    ),
    hints=(
        _("A run has diverged when its loss stops being a number, or ends higher than it started."),
        _(
            "np.isfinite(losses) is False for inf and for NaN; np.asarray turns a list into an array."
        ),
        _("Return one True or False for the whole run: combine the epochs with .all() or .any()."),
    ),
)


# lr_choice: reach TARGET within EPOCHS epochs in at least NEEDED of the seeds SEEDS ------------------

LAYER_SIZES = [30, 16, 3]
TARGET = 0.03
EPOCHS = 50
SEEDS = range(20)
NEEDED = 15
RISING_SHARE = 0.05  # a run whose loss goes up in at least 5% of its epochs oscillates
JUMP = 2.0  # a loss that first jumps to twice its starting value overshoots
REACHES = f"at least {NEEDED} of {len(SEEDS)} seeds reach loss {TARGET:g} within {EPOCHS} epochs"


def training_set():
    """The lesson's training set: 10 noisy copies of each letter with 0, 1, 2 and 3 flipped pixels (120 rows)."""
    parts = [noisy_letters(10, flips=k, seed=k) for k in range(4)]
    return np.vstack([X for X, _ in parts]), np.vstack([Y for _, Y in parts])


@functools.lru_cache(maxsize=64)
def learning_rate_report(lr):
    """Train the lesson's task at learning rate lr from every seed; return what the runs did."""
    X, Y = training_set()
    runs = run_seeds(LAYER_SIZES, X, Y, SEEDS, epochs=EPOCHS, lr=lr)
    seen = outcomes(runs, TARGET)  # the one definition of reached and diverged (seed_stats)
    rising = np.median((runs[:, 1:] > runs[:, :-1]).mean(axis=1))  # inf > inf is False: no warning
    return {
        "n": len(runs),
        "reached": int(seen.reached.sum()),
        "epochs": half_of_seeds_epoch(
            runs, TARGET
        ),  # the epoch by which half of ALL seeds got there
        "median_final": float(np.median(runs[:, -1])),
        "diverged": int((seen.diverged | seen.rose).sum()),
        "rising": float(rising),
        "jump": float(np.median(runs.max(axis=1) / runs[:, 0])),
    }


def _lr_call(lr_choice, _inputs):
    if lr_choice is None:
        raise NotImplementedError("lr_choice is still None")
    if isinstance(lr_choice, bool) or not isinstance(lr_choice, numbers.Real):
        raise Malformed(
            _("should be one number such as 0.05, got {kind} {value}").format(
                kind=type(lr_choice).__name__, value=f"{lr_choice!r:.60}"
            )
        )
    return {"lr": float(lr_choice)}


def _lr_reading(got, _inputs):
    """What training at the answer's learning rate shows, in words (the same words for the same runs)."""
    lr = got["lr"]
    if type(lr) not in (int, float):
        raise TypeError("not a number")
    if not math.isfinite(lr) or lr <= 0:
        return {"lr": "not a positive, finite number"}
    r = learning_rate_report(float(lr))
    if r["reached"] >= NEEDED:
        return {"lr": REACHES}
    if r["diverged"]:
        return {"lr": "some seeds diverge"}
    if r["rising"] >= RISING_SHARE:
        return {"lr": "the loss oscillates"}
    if r["jump"] >= JUMP:
        return {"lr": "the loss first jumps far above its start"}
    if r["median_final"] > TARGET:
        return {"lr": "the loss falls smoothly but the median run stays above the target"}
    return {"lr": f"the median run just reaches the target, but fewer than {NEEDED} seeds do"}


def _picked(lr):
    return lambda _: {"lr": lr}


LR_CHOICE = Exercise(
    name="lr_choice",
    lesson=LESSON,
    solution="lr_choice",
    value=True,
    inputs=lambda rng: {},
    call=_lr_call,
    answer=_picked(0.3),
    reading=_lr_reading,
    describe=lambda _inputs: _(
        "the lesson's {sizes} network on its 120 noisy letters, {seeds} seeds, {epochs} epochs"
    ).format(sizes="-".join(map(str, LAYER_SIZES)), seeds=len(SEEDS), epochs=EPOCHS),
    mistakes=(
        Mistake(
            "too_large_diverges",
            _picked(3.16),
            _(
                "At this learning rate runs diverge: the loss becomes inf or NaN, or ends above its start."
            ),
            _("The steps are far too long: try a much smaller learning rate."),
        ),
        Mistake(
            "too_large_oscillates",
            _picked(1.0),
            _(
                "At this learning rate the loss goes up in many epochs: the steps overshoot the valley and "
                "bounce across it."
            ),
            _("Try a smaller learning rate."),
        ),
        Mistake(
            "too_large_jumps",
            _picked(2.5),
            _(
                "At this learning rate the loss first jumps to many times its starting value before it falls "
                "(large steps can switch ReLU units off for good)."
            ),
            _("The steps overshoot: try a smaller learning rate."),
        ),
        Mistake(
            "too_small",
            _picked(0.001),
            _(
                "At this learning rate the loss falls smoothly, but after {epochs} epochs the median "
                "run is still above {target}."
            ).format(epochs=EPOCHS, target=f"{TARGET:g}"),
            _("The steps are too short: try a larger learning rate."),
        ),
        Mistake(
            "a_little_too_small",
            _picked(0.16),
            _(
                "At this learning rate the loss falls smoothly and the median run just gets there, but "
                "fewer than {needed} of {seeds} seeds reach {target} in time."
            ).format(needed=NEEDED, seeds=len(SEEDS), target=f"{TARGET:g}"),
            _("Try a slightly larger learning rate."),
        ),
    ),
    hints=(
        _("Look at the loss curves of this lesson: which learning rates reach the target in time?"),
        _("Too small is slow, too large oscillates or diverges; the sweet spot lies in between."),
        _(
            "Try a few values with the learning-rate slider and watch the epoch the target is reached."
        ),
    ),
)

EXERCISES = (DIVERGED, LR_CHOICE)
