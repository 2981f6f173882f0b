"""Lesson 02's numerical_gradient self-check: a right central difference passes (written several ways),
and each known-wrong version fails with its own likely cause."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks.dense import finite_difference_case, finite_difference_f, finite_difference_gradient


def central(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        up = f()
        x[index] = old - h
        down = f()
        x[index] = old
        grad[index] = (up - down) / (2 * h)
    return grad


def central_flat(f, x, h=1e-5):       # another right way: x.flat, and += / -= (restores up to rounding)
    grad = np.zeros(x.size)
    for k in range(x.size):
        x.flat[k] += h
        up = f()
        x.flat[k] -= 2 * h
        down = f()
        x.flat[k] += h
        grad[k] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def with_step(step):
    return lambda f, x, h=step: central(f, x, h)


def forward_difference(f, x, h=1e-5):
    grad, base = np.zeros_like(x), f()
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        grad[index] = (f() - base) / h
        x[index] = old
    return grad


def backward_difference(f, x, h=1e-5):
    grad, base = np.zeros_like(x), f()
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old - h
        grad[index] = (base - f()) / h
        x[index] = old
    return grad


def no_restore(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        up = f()
        x[index] = old - h
        grad[index] = (up - f()) / (2 * h)
    return grad


def on_a_copy(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        y = x.copy()
        y[index] += h
        up = f()
        y[index] -= 2 * h
        grad[index] = (up - f()) / (2 * h)
    return grad


def all_at_once(f, x, h=1e-5):
    x += h
    up = f()
    x -= 2 * h
    down = f()
    x += h
    return np.full(x.shape, (up - down) / (2 * h))


def by_rows(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        up = f()
        x[i] = old - h
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def divided_by_h(f, x, h=1e-5):
    return 2 * central(f, x, h)


def ignores_h(f, x, h=1e-5):
    return central(f, x)


def calls_f_with_x(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def not_written(f, x, h=1e-5):
    raise NotImplementedError()


@pytest.mark.parametrize("right", [central, central_flat, with_step(1e-4), with_step(1e-6), with_step(1e-7)])
def test_right_central_differences_pass(right, capsys):
    nh.check_numerical_gradient(right)
    assert capsys.readouterr().out == "numerical_gradient: all checks passed\n"


WRONG = [
    (forward_difference, "one-sided difference (f(x + h) - f(x)) / h with h = 1e-05"),
    (backward_difference, "one-sided difference (f(x) - f(x - h)) / h with h = 1e-05"),
    (no_restore, "numerical_gradient left x changed"),
    (with_step(1e-1), "central difference with h = 1e-01 is: h is too large"),
    (with_step(1e-2), "central difference with h = 1e-02 is: h is too large"),
    (with_step(1e-3), "central difference with h = 1e-03 is: h is too large"),
    (with_step(1e-10), "with no pattern: that is rounding noise, so h is probably too small"),
    (with_step(1e-12), "h is probably too small"),
    (on_a_copy, "returned all zeros: f() did not see the nudges"),
    (all_at_once, "every entry came out the same"),
    (by_rows, "each row came out the same"),
    (divided_by_h, "twice too large"),
    (ignores_h, "numerical_gradient ignores its argument h"),
    (calls_f_with_x, "f takes no arguments"),
    (not_written, "numerical_gradient is not written yet"),
    (lambda f, x, h=1e-5: None, "returned None"),
]


@pytest.mark.parametrize("wrong,message", WRONG, ids=[str(i) for i in range(len(WRONG))])
def test_wrong_versions_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_numerical_gradient(wrong)
    assert message in str(failure.value)


def test_the_test_function_and_its_central_difference_are_what_the_check_says():
    # Independently of the check: plain-Python finite differences of the same f.
    c, x = finite_difference_case(np.random.default_rng(5), (3,))
    f = finite_difference_f(c, x)
    for k in range(3):
        def at(value):
            y = list(x)
            y[k] = value
            return sum(ci * yi ** 3 for ci, yi in zip(c, y)) + sum(y) ** 2
        h = 1e-3
        assert finite_difference_gradient(c, x, h)[k] == pytest.approx((at(x[k] + h) - at(x[k] - h)) / (2 * h), rel=1e-10)
        assert finite_difference_gradient(c, x)[k] == pytest.approx(3 * c[k] * x[k] ** 2 + 2 * sum(x), rel=1e-12)
    assert f() == pytest.approx(sum(ci * xi ** 3 for ci, xi in zip(c, x)) + sum(x) ** 2)


def test_the_library_version_passes_its_own_students_check(capsys):
    nh.check_numerical_gradient(nh.numerical_gradient)
    assert "all checks passed" in capsys.readouterr().out
