"""Lesson 08's mystery network: the self-check passes the fixed network and fails the mystery itself, each
half-fix and each plausible wrong fix, with a message that points at the tool that shows the problem."""

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks.debugging import mystery_case, tanh_net_losses


class TwoLayerNet:  # the lesson's network (section 1), as the notebook defines it
    def __init__(self, n_inputs, n_hidden, n_outputs, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": rng.normal(0.0, np.sqrt(2.0 / n_inputs), size=(n_inputs, n_hidden)),
            "b1": np.zeros((1, n_hidden)),
            "W2": rng.normal(0.0, 0.1, size=(n_hidden, n_outputs)),
            "b2": np.zeros((1, n_outputs)),
        }
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.mse = nh.loss("mse")

    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.params["W1"] + self.params["b1"]
        self.A1 = np.maximum(self.Z1, 0.0)
        self.A2 = self.A1 @ self.params["W2"] + self.params["b2"]
        return self.A2

    def loss(self, A2, Y):
        return self.mse.value(A2, Y)

    def loss_gradient(self, A2, Y):
        return self.mse.gradient(A2, Y)

    def relu_derivative(self):
        return (self.Z1 > 0).astype(float)

    def backward(self, Y):
        dA2 = self.loss_gradient(self.A2, Y)
        self.grads["W2"] = self.A1.T @ dA2
        self.grads["b2"] = dA2.sum(axis=0, keepdims=True)
        dZ1 = (dA2 @ self.params["W2"].T) * self.relu_derivative()
        self.grads["W1"] = self.X.T @ dZ1
        self.grads["b1"] = dZ1.sum(axis=0, keepdims=True)

    def update(self, lr):
        for name, value in self.params.items():
            value -= lr * self.grads[name]

    def train_step(self, X, Y, lr):
        A2 = self.forward(X)
        value = self.loss(A2, Y)
        self.backward(Y)
        self.update(lr)
        return value

    def fit(self, X, Y, epochs, lr):
        return [self.train_step(X, Y, lr) for epoch in range(epochs)]


def tanh_backward(derivative):
    def backward(self, Y):
        dA2 = self.loss_gradient(self.A2, Y)
        self.grads["W2"] = self.A1.T @ dA2
        self.grads["b2"] = dA2.sum(axis=0, keepdims=True)
        dZ1 = (dA2 @ self.params["W2"].T) * derivative(self)
        self.grads["W1"] = self.X.T @ dZ1
        self.grads["b1"] = dZ1.sum(axis=0, keepdims=True)

    return backward


class MysteryNet(TwoLayerNet):  # as in the lesson: two bugs
    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.params["W1"] + self.params["b1"]
        self.A1 = np.tanh(self.Z1)
        self.A2 = self.A1 @ self.params["W2"] + self.params["b2"]
        return self.A2

    backward = tanh_backward(lambda self: 1.0 - self.A1)

    def update(self, lr):
        for name in self.params:
            value, step = self.params[name], lr * self.grads[name]
            value = value - step


def good_update(self, lr):
    for name in self.params:
        self.params[name] = self.params[name] - lr * self.grads[name]


def in_place_update(self, lr):
    for value, grad in zip(self.params.values(), self.grads.values()):
        value -= lr * grad


right_backward = tanh_backward(lambda self: 1.0 - self.A1**2)


def net(base=MysteryNet, **methods):
    return type("FixedNet", (base,), methods)


@pytest.mark.parametrize(
    "fixed",
    [
        net(backward=right_backward, update=good_update),
        net(backward=right_backward, update=in_place_update),
        net(backward=tanh_backward(lambda self: 1.0 / np.cosh(self.Z1) ** 2), update=good_update),
    ],
)
def test_fixed_networks_pass(fixed, capsys):
    nh.check_mystery_fixed(fixed)
    assert capsys.readouterr().out == "FixedNet: all checks passed\n"


def only_weights(self, lr):
    for name in ("W1", "W2"):
        self.params[name] = self.params[name] - lr * self.grads[name]


def adds(self, lr):
    for name in self.params:
        self.params[name] = self.params[name] + lr * self.grads[name]


def twice(self, lr):
    for name in self.params:
        self.params[name] = self.params[name] - 2 * lr * self.grads[name]


class SumOfSquares:  # a consistent loss and gradient of the wrong loss: the gradient check passes
    def loss(self, A2, Y):
        return float(np.sum((A2 - Y) ** 2))

    def loss_gradient(self, A2, Y):
        return 2 * (A2 - Y)


WRONG = [
    (MysteryNet, "W1, b1, W2, b2 did not move at all"),
    (net(), "W1, b1, W2, b2 did not move at all"),
    (net(backward=right_backward), "did not move at all"),
    (net(update=good_update), "backward disagrees with finite differences of the loss for W1, b1"),
    (
        net(backward=tanh_backward(lambda self: 1.0 - self.Z1**2), update=good_update),
        "backward disagrees with finite differences of the loss for W1, b1",
    ),
    (net(backward=right_backward, update=only_weights), "b1, b2 did not move at all"),
    (net(backward=right_backward, update=adds), "not by -lr times the gradients"),
    (net(backward=right_backward, update=twice), "not by -lr times the gradients"),
    (net(base=TwoLayerNet, update=good_update), "the gradient of W1 is wrong"),  # ReLU, not tanh
    (
        type(
            "FixedNet",
            (SumOfSquares, MysteryNet),
            {"backward": right_backward, "update": good_update},
        ),
        "the gradient of W1 is wrong",
    ),
    (lambda n_inputs, n_hidden, n_outputs, seed=0: None, "FixedNet should be a class"),
]


@pytest.mark.parametrize("wrong,message", WRONG, ids=[str(i) for i in range(len(WRONG))])
def test_wrong_fixes_fail_with_the_likely_cause(wrong, message, capsys):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_mystery_fixed(wrong)
    assert message in str(failure.value)


def test_the_reference_losses_fall_and_match_a_plain_loop():
    case = mystery_case(np.random.default_rng(3))
    losses, params = tanh_net_losses(case["params"], case["X"], case["Y"], 3, case["lr"])
    p = {name: value.copy() for name, value in case["params"].items()}
    for epoch in range(3):  # finite differences stand in for backprop here: an independent route

        def loss():
            A2 = np.tanh(case["X"] @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
            return float(np.mean((A2 - case["Y"]) ** 2))

        assert losses[epoch] == pytest.approx(loss(), rel=1e-9)
        grads = {name: nh.numerical_gradient(loss, p[name]) for name in p}
        for name in p:
            p[name] -= case["lr"] * grads[name]
    assert losses[2] < losses[0]
    for name, value in p.items():
        np.testing.assert_allclose(params[name], value, rtol=1e-7, atol=1e-9)
