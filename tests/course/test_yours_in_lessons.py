"""nh.yours (contract 2) as lessons 04 and 05 use it: the student's code while it works, the engine's
(said once) while it raises NotImplementedError, and the student's other errors shown as they are."""

import numpy as np
import pytest

import nnhelpers as nh


def engine_he(n_inputs, n_neurons, rng):
    return nh.initializer("he")((n_inputs, n_neurons), rng)


def test_an_unwritten_exercise_falls_back_once_and_says_so(capsys):
    def he_init(n_inputs, n_neurons, rng):
        raise NotImplementedError()

    he = nh.yours(he_init, engine_he, "he_init")
    first, second = he(3, 2, np.random.default_rng(0)), he(3, 2, np.random.default_rng(0))
    assert np.array_equal(first, engine_he(3, 2, np.random.default_rng(0)))
    assert np.array_equal(first, second)
    assert capsys.readouterr().out == (
        "Your he_init is not written yet: the cells below use the engine's he_init.\n"
    )


def test_a_written_exercise_is_used_and_its_own_errors_are_not_hidden(capsys):
    he = nh.yours(
        lambda n_inputs, n_neurons, rng: np.full((n_inputs, n_neurons), 7.0), engine_he, "he_init"
    )
    assert np.array_equal(he(2, 2, None), np.full((2, 2), 7.0))

    def broken(n_inputs, n_neurons, rng):
        return undefined_name  # noqa: F821

    with pytest.raises(NameError):
        nh.yours(broken, engine_he, "he_init")(2, 2, None)
    assert capsys.readouterr().out == ""
