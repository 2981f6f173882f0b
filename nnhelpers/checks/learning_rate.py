"""Self-check for lesson 06 (the learning rate): the choice of a learning rate (diverged(losses) is
declared in nnhelpers.exercises.lesson06).

check_learning_rate_choice(lr_choice) really trains: the lesson's 30-16-3 ReLU network on its 120
noisy letters, from 20 seeds, for EPOCHS epochs, and passes when at least NEEDED seeds get the
loss down to TARGET. When they do not, it says whether the rate is too small (the loss falls
smoothly, but not far enough) or too large (runs diverge, the loss goes up and down, or it jumps
far above its start), with the numbers that show it.
"""
import numbers

import numpy as np

from ..data.letter_bitmaps import noisy_letters
from ..experiments.seed_stats import half_of_seeds_epoch, outcomes
from ..experiments.seeds import run_seeds
from .core import CheckFailed, passed

# The exercise: reach TARGET within EPOCHS epochs in at least NEEDED of the seeds SEEDS.
LAYER_SIZES = [30, 16, 3]
TARGET = 0.03
EPOCHS = 50
SEEDS = range(20)
NEEDED = 15
RISING_SHARE = 0.05    # a run whose loss goes up in at least 5% of its epochs oscillates
JUMP = 2.0             # a loss that first jumps to twice its starting value overshoots


def training_set():
    """The lesson's training set: 10 noisy copies of each letter with 0, 1, 2 and 3 flipped pixels (120 rows)."""
    parts = [noisy_letters(10, flips=k, seed=k) for k in range(4)]
    return np.vstack([X for X, _ in parts]), np.vstack([Y for _, Y in parts])


# Exercise 2: a learning rate that reaches the target -------------------------------------------------

def _check_number(lr_choice):
    if lr_choice is None:
        raise CheckFailed("lr_choice is still None: replace None with a learning rate, e.g. lr_choice = 0.05")
    if isinstance(lr_choice, bool) or not isinstance(lr_choice, numbers.Real):
        raise CheckFailed(f"lr_choice should be one number such as 0.05, got {type(lr_choice).__name__} "
                          f"{lr_choice!r:.60}")
    lr = float(lr_choice)
    if not np.isfinite(lr) or lr <= 0:
        raise CheckFailed(f"lr_choice must be a positive, finite number, got {lr_choice!r}: gradient descent "
                          "steps against the gradient with a positive learning rate")
    return lr


def learning_rate_report(lr):
    """Train the lesson's task at learning rate lr from every seed; return the statistics the check uses."""
    X, Y = training_set()
    runs = run_seeds(LAYER_SIZES, X, Y, SEEDS, epochs=EPOCHS, lr=lr)
    seen = outcomes(runs, TARGET)                    # the one definition of reached and diverged (seed_stats)
    reached = seen.reached
    diverged = seen.diverged | seen.rose             # inf or NaN, or ended above its start
    rising = np.median((runs[:, 1:] > runs[:, :-1]).mean(axis=1))      # inf > inf is False: no warning
    jump = np.median(runs.max(axis=1) / runs[:, 0])                    # 1: never above its start
    return {"n": len(runs), "reached": int(reached.sum()),
            "epochs": half_of_seeds_epoch(runs, TARGET),   # the epoch by which half of ALL seeds got there
            "median_final": float(np.median(runs[:, -1])), "diverged": int(diverged.sum()),
            "rising": float(rising), "jump": float(jump)}


def check_learning_rate_choice(lr_choice):
    """lr_choice must bring the loss to TARGET within EPOCHS epochs in at least NEEDED of the 20 seeds."""
    lr = _check_number(lr_choice)
    r = learning_rate_report(lr)
    n, reached = r["n"], r["reached"]
    goal = f"{reached} of {n} seeds reach loss {TARGET:g} within {EPOCHS} epochs ({NEEDED} needed)"
    if reached >= NEEDED:
        print(f"lr_choice = {lr:g}: {reached} of {n} seeds reach loss {TARGET:g} within {EPOCHS} epochs"
              + ("" if r["epochs"] is None else f" (half of all the seeds by epoch {r['epochs']})"))
        passed("lr_choice")
        return
    if r["diverged"]:
        raise CheckFailed(f"lr_choice = {lr:g} is too large: {r['diverged']} of {n} seeds diverged (the loss became "
                          f"inf or NaN, or ended above its start); {goal}. Try a smaller learning rate.")
    if r["rising"] >= RISING_SHARE:
        raise CheckFailed(f"lr_choice = {lr:g} is too large: the loss oscillates, it went up in "
                          f"{r['rising']:.0%} of the epochs (median over the seeds); {goal}. "
                          "The steps overshoot: try a smaller learning rate.")
    if r["jump"] >= JUMP:
        raise CheckFailed(f"lr_choice = {lr:g} is too large: in the median run the loss first jumped to "
                          f"{r['jump']:.3g} times its starting value; {goal}, and the median run ends at "
                          f"{r['median_final']:.3g}. The steps overshoot (and can switch ReLU units off for good): "
                          "try a smaller learning rate.")
    if r["median_final"] > TARGET:
        raise CheckFailed(f"lr_choice = {lr:g} is too small: the median run reaches only {r['median_final']:.3g} "
                          f"after {EPOCHS} epochs (target {TARGET:g}); {goal}. The loss falls smoothly but too "
                          "slowly: try a larger learning rate.")
    raise CheckFailed(f"lr_choice = {lr:g} is a little too small: {goal}; the median run just gets there "
                      f"({r['median_final']:.3g} after {EPOCHS} epochs) and the loss falls smoothly. "
                      "Try a slightly larger learning rate.")
