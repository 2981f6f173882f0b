"""Lesson 06's lr_choice trains on the lesson's own training set (its verdicts: tests/exercises/test_exercises.py)."""

import numpy as np

import nnhelpers as nh
from nnhelpers.exercises import lesson06


def test_training_set_is_the_lessons():
    X, Y = lesson06.training_set()
    parts = [nh.noisy_letters(10, flips=k, seed=k) for k in range(4)]
    assert np.array_equal(X, np.vstack([x for x, _ in parts])) and np.array_equal(
        Y, np.vstack([y for _, y in parts])
    )
    assert X.shape == (120, 30) and Y.sum(axis=0).tolist() == [40, 40, 40]


def test_a_value_that_is_not_a_positive_number_is_told_so():
    exercise = nh.exercises.exercise("lr_choice")
    for value, said in (
        (None, "not written yet"),
        (True, "should be one number"),
        ("0.3", "should be one number"),
    ):
        message, _ = nh.exercises.selfcheck.first_problem(exercise, value, {})
        assert said in message, (value, message)
    for value in (0, -0.3, float("nan")):
        message, kind = nh.exercises.selfcheck.first_problem(exercise, value, {})
        assert kind == "other" and "not a positive, finite number" in message, message
