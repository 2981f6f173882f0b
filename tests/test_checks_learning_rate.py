"""The lesson-06 self-check of the learning-rate choice: it passes right answers and fails known-wrong ones with the likely cause."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import learning_rate


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
