"""Lesson 03, section 7: the sigmoid-ReLU step's self-check passes a right step and names each wrong one."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks.network_2_2_1 import relu_output_cases

sig = nh.activation("sigmoid").forward


def step(x, y, p, eta, slope=lambda z2, y_hat: (z2 > 0), biases=True, sign=-1, in_place=False, outer=True):
    a1 = sig(x @ p["W1"] + p["b1"])
    z2 = a1 @ p["W2"] + p["b2"]
    y_hat = np.maximum(z2, 0)
    delta2 = (y_hat - y) * slope(z2, y_hat)
    delta1 = (p["W2"] @ delta2) * a1 * (1 - a1)
    grads = {"W1": np.outer(x, delta1) if outer else x * delta1, "b1": delta1,
             "W2": np.outer(a1, delta2), "b2": delta2}
    if in_place:
        for k in p:
            p[k] -= eta * grads[k]
        return p
    return {k: p[k] + (sign * eta * grads[k] if biases or k[0] == "W" else 0) for k in p}


def test_right_step_passes_and_reproduces_the_seeds_numbers(capsys):
    nh.check_relu_output_step(step)
    assert capsys.readouterr().out == "relu_output_step: all checks passed\n"
    what, x, y, params, eta = relu_output_cases()[0]
    new = step(x, y, params, eta)
    # the seeds' numbers (hidden 0.85814894, 0.94267582; output 1.99467996), one update by hand
    a1, y_hat = np.array([0.85814894, 0.94267582]), 1.99467996
    assert float(a1 @ params["W2"][:, 0] + 1.0) == pytest.approx(y_hat, abs=1e-8)
    assert new["b2"][0] == pytest.approx(1.0 - 0.05 * (y_hat - 2.0), abs=1e-9)
    assert new["W2"][0, 0] == pytest.approx(0.5 - 0.05 * a1[0] * (y_hat - 2.0), abs=1e-9)


def test_the_second_case_has_the_output_off():
    what, x, y, p, eta = relu_output_cases()[1]
    assert (sig(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])[0] < 0


@pytest.mark.parametrize("wrong,message", [
    (lambda x, y, p, eta: step(x, y, p, eta, slope=lambda z2, y_hat: y_hat * (1 - y_hat)), "is wrong"),
    (lambda x, y, p, eta: step(x, y, p, eta, slope=lambda z2, y_hat: sig(z2) * (1 - sig(z2))),
     "delta2 uses the sigmoid's slope"),
    (lambda x, y, p, eta: step(x, y, p, eta, slope=lambda z2, y_hat: 1.0), "ReLU'(z2) is 0 there"),
    (lambda x, y, p, eta: step(x, y, p, eta, slope=lambda z2, y_hat: (y_hat >= 0)), "ReLU'(z2) is 0 there"),
    (lambda x, y, p, eta: step(x, y, p, eta, biases=False), "the biases are not updated"),
    (lambda x, y, p, eta: step(x, y, p, eta, sign=+1), "the step goes uphill"),
    (lambda x, y, p, eta: step(x, y, p, eta, in_place=True), "changed its input params['W1'] in place"),
    (lambda x, y, p, eta: step(x, y, p, eta, outer=False), "the W1 step uses x * delta1, elementwise products"),
    (lambda x, y, p, eta: dict(p), "relu_output_step ['W1'] is wrong for x = (2, 3), y = 2 (z2 > 0)"),
    (lambda x, y, p, eta: [p], "must return a dict"),
])
def test_wrong_steps_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_relu_output_step(wrong)
    assert message in str(failure.value)
