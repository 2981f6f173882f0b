"""The lesson-06 self-checks pass right answers and fail known-wrong ones with the likely cause."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import learning_rate


# Exercise 1: diverged(losses) ---------------------------------------------------------------------------

def right(losses):
    losses = np.asarray(losses, dtype=np.float64)
    return bool(not np.isfinite(losses).all() or losses[-1] > losses[0])


def right_numpy_bool(losses):
    losses = np.asarray(losses)
    return ~np.isfinite(losses).all() | (losses[-1] > losses[0])


def right_loop(losses):
    for value in losses:
        if value != value or value in (float("inf"), float("-inf")):
            return True
    return losses[-1] > losses[0]


def not_written(losses):
    raise NotImplementedError()


def inf_only(losses):
    losses = np.asarray(losses)
    return bool(np.isinf(losses).any() or losses[-1] > losses[0])


def compare_only(losses):
    return bool(losses[-1] > losses[0])


def overflow_only(losses):
    return bool(not np.isfinite(np.asarray(losses)).all())


def with_factor(losses):
    losses = np.asarray(losses)
    return bool(not np.isfinite(losses).all() or losses[-1] > 10 * losses[0])


def largest(losses):
    losses = np.asarray(losses)
    return bool(not np.isfinite(losses).all() or losses.max() > losses[0])


def any_rise(losses):
    losses = np.asarray(losses)
    return bool(not np.isfinite(losses).all() or (np.diff(losses) > 0).any())


def at_least(losses):
    losses = np.asarray(losses)
    return bool(not np.isfinite(losses).all() or losses[-1] >= losses[0])


def inverted(losses):
    return not right(losses)


def elementwise(losses):
    return ~np.isfinite(np.asarray(losses))


def no_return(losses):
    right(losses)


def array_methods_on_list(losses):
    return bool(not np.isfinite(losses).all() or losses.max() * 0 + losses[-1] > losses[0])


def mutating(losses):
    losses = np.asarray(losses, dtype=np.float64)
    bad = not np.isfinite(losses).all()
    losses[~np.isfinite(losses)] = 0.0
    return bool(bad or losses[-1] > losses[0])


def a_number(losses):
    return 1 if right(losses) else 0


@pytest.mark.parametrize("diverged", [right, right_numpy_bool, right_loop])
def test_right_diverged_passes(diverged, capsys):
    nh.check_diverged(diverged)
    assert capsys.readouterr().out == "diverged: all checks passed\n"


WRONG_DIVERGED = [
    (not_written, "diverged is not written yet"),
    (inf_only, "returned False, expected True: a loss that became NaN has diverged too"),
    (compare_only, "returned False, expected True: a loss that became NaN has diverged too"),
    (overflow_only, "returned False, expected True: the loss grew from 0.83 to 9.5e+08 without reaching inf yet"),
    (with_factor, "any last loss larger than the first counts, with no factor or margin"),
    (largest, "returned True, expected False: the loss jumped to 37 but came back down"),
    (any_rise, "returned True, expected False: the loss jumped to 37 but came back down"),
    (at_least, "the loss ended exactly at its starting value"),
    (inverted, "returned True, expected False: a loss that falls every epoch has not diverged"),
    (elementwise, "returned an array of shape (5,), expected one True or False"),
    (no_return, "returned None: did you forget `return`?"),
    (array_methods_on_list, "diverged([0.83, 0.61, 0.45, 0.33, 0.26]) raised AttributeError"),
    (mutating, "changed its input losses in place"),
    (a_number, "returned int 0, expected True or False"),
    ("not a function", "diverged should be a function"),
]


@pytest.mark.parametrize("diverged, message", WRONG_DIVERGED)
def test_wrong_diverged_fails_with_the_cause(diverged, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_diverged(diverged)
    assert message in str(failure.value)


def test_list_hint_names_history_losses():
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_diverged(array_methods_on_list)
    assert "history.losses from MLP.fit is a list: convert with np.asarray(losses)" in str(failure.value)


def test_every_case_has_the_right_answer():
    for losses, expected, _ in learning_rate.DIVERGED_CASES:
        assert right(losses) is expected


# Exercise 2: the learning-rate choice ------------------------------------------------------------------

def test_training_set_is_the_lessons():
    X, Y = learning_rate.training_set()
    parts = [nh.noisy_letters(10, flips=k, seed=k) for k in range(4)]
    assert np.array_equal(X, np.vstack([x for x, _ in parts])) and np.array_equal(Y, np.vstack([y for _, y in parts]))
    assert X.shape == (120, 30) and Y.sum(axis=0).tolist() == [40, 40, 40]


@pytest.mark.parametrize("lr", [0.2, 0.3, 0.316, 0.4, 0.5])
def test_good_learning_rates_pass(lr, capsys):
    nh.check_learning_rate_choice(lr)
    out = capsys.readouterr().out
    assert f"lr_choice = {lr:g}: " in out and "seeds reach loss 0.03 within 50 epochs" in out
    assert out.endswith("lr_choice: all checks passed\n")


def test_a_numpy_float_is_accepted(capsys):
    nh.check_learning_rate_choice(np.float32(0.3))
    assert "all checks passed" in capsys.readouterr().out


WRONG_CHOICES = [
    (None, "lr_choice is still None: replace None with a learning rate"),
    ("0.3", "lr_choice should be one number such as 0.05, got str '0.3'"),
    (True, "lr_choice should be one number such as 0.05, got bool True"),
    ([0.1, 0.3], "lr_choice should be one number such as 0.05, got list"),
    (0, "lr_choice must be a positive, finite number, got 0"),
    (-0.3, "lr_choice must be a positive, finite number, got -0.3"),
    (float("nan"), "lr_choice must be a positive, finite number, got nan"),
    (0.001, "lr_choice = 0.001 is too small: the median run reaches only 0.432 after 50 epochs (target 0.03); "
            "0 of 20 seeds reach loss 0.03 within 50 epochs (15 needed)"),
    (0.1, "lr_choice = 0.1 is too small: the median run reaches only 0.0436 after 50 epochs"),
    (0.16, "lr_choice = 0.16 is a little too small: 13 of 20 seeds reach loss 0.03 within 50 epochs (15 needed)"),
    (0.7, "lr_choice = 0.7 is too large: the loss oscillates, it went up in"),
    (1.0, "lr_choice = 1 is too large: the loss oscillates, it went up in 27% of the epochs (median over the seeds); "
          "0 of 20 seeds reach"),
    (2.5, "lr_choice = 2.5 is too large: in the median run the loss first jumped to 324 times its starting value"),
    (3.16, "lr_choice = 3.16 is too large: 20 of 20 seeds diverged (the loss became inf or NaN, or ended above its "
           "start)"),
    (100.0, "lr_choice = 100 is too large: 20 of 20 seeds diverged"),
]


@pytest.mark.parametrize("lr, message", WRONG_CHOICES)
def test_wrong_choices_fail_with_the_direction(lr, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_learning_rate_choice(lr)
    assert message in str(failure.value)


def test_too_small_and_too_large_say_which_way_to_go():
    for lr, hint in ((0.05, "try a larger learning rate"), (1.5, "try a smaller learning rate")):
        with pytest.raises(nh.CheckFailed) as failure:
            nh.check_learning_rate_choice(lr)
        assert hint in str(failure.value)
