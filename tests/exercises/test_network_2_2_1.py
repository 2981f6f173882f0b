"""The lesson-03 self-checks pass right answers and name the first wrong value of known-wrong ones."""
import numpy as np
import pytest

import nnhelpers as nh

sig = nh.activation("sigmoid").forward


def forward(x, p, hidden=sig, out=sig, bias1=True, bias2=True, transpose=False):
    W1 = p["W1"].T if transpose else p["W1"]
    z1 = x @ W1 + (p["b1"] if bias1 else 0)
    a1 = hidden(z1)
    z2 = a1 @ p["W2"] + (p["b2"] if bias2 else 0)
    return {"z1": z1, "a1": a1, "z2": z2, "y_hat": out(z2)}


def backward(x, y, p, c, sigmoid_out=True, sigmoid_hidden=True, factor=1.0, dW1_transposed=False, no_W2=False):
    y_hat, a1 = c["y_hat"], c["a1"]
    delta2 = factor * (y_hat - y) * (y_hat * (1 - y_hat) if sigmoid_out else 1)
    back = delta2 if no_W2 else p["W2"] @ delta2
    delta1 = back * (a1 * (1 - a1) if sigmoid_hidden else 1)
    dW1 = np.outer(delta1, x) if dW1_transposed else np.outer(x, delta1)
    return {"delta2": delta2, "dW2": np.outer(a1, delta2), "db2": delta2, "delta1": delta1, "dW1": dW1, "db1": delta1}


def z_not_a_hidden(x, y, p, c):
    right = backward(x, y, p, c)
    delta1 = (p["W2"] @ right["delta2"]) * c["z1"] * (1 - c["z1"])
    return right | {"delta1": delta1, "dW1": np.outer(x, delta1), "db1": delta1}


def update(params, grads, eta, sign=-1, skip=(), use_eta=True):
    return {k: params[k] if k in skip else params[k] + sign * (eta if use_eta else 1) * grads["d" + k] for k in params}


def update_in_place(params, grads, eta):
    for k in params:
        params[k] -= eta * grads["d" + k]
    return params


def test_right_answers_pass(capsys):
    nh.check_forward_2_2_1(forward)
    nh.check_backward_2_2_1(backward)
    nh.check_update(update)
    assert capsys.readouterr().out == ("forward_2_2_1: all checks passed\nbackward_2_2_1: all checks passed\n"
                                       "update: all checks passed\n")


@pytest.mark.parametrize("wrong,message", [
    (lambda x, p: forward(x, p, bias1=False), "['z1'] (the first wrong value) is wrong for the worked example: the bias b1 is missing"),
    (lambda x, p: forward(x, p, transpose=True), "x @ W1 is needed, not W1 @ x"),
    (lambda x, p: forward(x, p, hidden=lambda z: z), "['a1'] (the first wrong value) is wrong for the worked example: the sigmoid is missing"),
    (lambda x, p: forward(x, p, hidden=nh.activation("relu").forward), "['a1'] (the first wrong value) is wrong for the worked example: the sigmoid is missing"),
    (lambda x, p: forward(x, p, bias2=False), "['z2'] (the first wrong value) is wrong for the worked example: the bias b2 is missing"),
    (lambda x, p: forward(x, p, out=lambda z: z), "['y_hat'] (the first wrong value) is wrong for the worked example: the output sigmoid is missing"),
    (lambda x, p: [1, 2], "forward_2_2_1 must return a dict with the keys ['z1', 'a1', 'z2', 'y_hat'], got list"),
    (lambda x, p: {"z1": 0}, "missing ['a1', 'z2', 'y_hat']"),
])
def test_wrong_forwards(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_forward_2_2_1(wrong)
    assert message in str(failure.value)


@pytest.mark.parametrize("wrong,message", [
    (lambda x, y, p, c: backward(x, y, p, c, sigmoid_out=False), "['delta2'] (the first wrong value) is wrong for the worked example: the sigmoid's derivative y_hat * (1 - y_hat) is missing"),
    (lambda x, y, p, c: backward(x, y, p, c, factor=2.0), "a factor 2 too many: the loss is 1/2 (y_hat - y)^2"),
    (lambda x, y, p, c: backward(x, y, p, c, factor=-1.0), "['delta2'] (the first wrong value) is wrong for the worked example: the sign is flipped"),
    (lambda x, y, p, c: backward(x, y, p, c, sigmoid_hidden=False), "['delta1'] (the first wrong value) is wrong for the worked example: the sigmoid's derivative a1 * (1 - a1) is missing"),
    (lambda x, y, p, c: backward(x, y, p, c, no_W2=True), "delta2 must go back through the weights: W2 @ delta2"),
    (lambda x, y, p, c: backward(x, y, p, c, dW1_transposed=True), "['dW1'] (the first wrong value) is wrong for the worked example: dW1 is transposed"),
    (lambda x, y, p, c: backward(x, y, p, c) | {"dW2": np.outer(backward(x, y, p, c)["delta2"], c["a1"])}, "returned shape (1, 2) for the worked example, expected (2, 1): the axes are swapped"),
    # the slips of section 3, each with its own hint
    (lambda x, y, p, c: backward(x, y, p, c) | {"delta2": (c["y_hat"] - y) * c["z2"] * (1 - c["z2"])},
     "sigma'(z2) is written with z2; the formula sigma(z) (1 - sigma(z)) uses the sigmoid's output: y_hat * (1 - y_hat)"),
    (lambda x, y, p, c: z_not_a_hidden(x, y, p, c),
     "sigma'(z1) is written with z1; the formula sigma(z) (1 - sigma(z)) uses the sigmoid's output: a1 * (1 - a1)"),
    (lambda x, y, p, c: backward(x, y, p, c) | {"dW1": x.T @ backward(x, y, p, c)["delta1"]},
     "['dW1'] has shape () for the worked example, expected (2, 2), the shape of W1: a single number. For 1-D arrays .T "
     "changes nothing, so x.T @ delta1 is the dot product"),
    (lambda x, y, p, c: backward(x, y, p, c) | {"dW1": x * backward(x, y, p, c)["delta1"]},
     "['dW1'] has shape (2,) for the worked example, expected (2, 2), the shape of W1: a 1-D array, elementwise products"),
    (lambda x, y, p, c: backward(x, y, p, c) | {"dW2": c["a1"] * backward(x, y, p, c)["delta2"]},
     "['dW2'] has shape (2,) for the worked example, expected (2, 1), the shape of W2: a 1-D array"),
])
def test_wrong_backwards(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_backward_2_2_1(wrong)
    assert message in str(failure.value)


@pytest.mark.parametrize("wrong,message", [
    (lambda p, g, eta: update(p, g, eta, sign=+1), "update ['W1'] is wrong for the worked example: the step goes uphill"),
    (lambda p, g, eta: update(p, g, eta, skip=("b1", "b2")), "update ['b1'] is wrong for the worked example: b1 is not updated"),
    (lambda p, g, eta: update(p, g, eta, use_eta=False), "the learning rate eta is not used"),
    (update_in_place, "update changed its input params['W1'] in place"),
])
def test_wrong_updates(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_update(wrong)
    assert message in str(failure.value)


def test_a_typed_in_answer_fails_on_the_second_example():
    worked = forward(*nh.checks.network_2_2_1.seed_example()[::2])
    with pytest.raises(nh.CheckFailed, match="for a random example"):
        nh.check_forward_2_2_1(lambda x, p: worked)
