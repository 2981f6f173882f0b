"""Lesson 08 as students write it: real code for each bug fix, right or with a mistake, through the
self-check (nh.check) and the diagnosis the judge makes of the same answer. The declaration's own
mistakes are walked by test_exercises.py; here each named mistake must be what real code gives."""

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.exercises import diagnose, exercise, hints, rng_for, run
from nnhelpers.exercises.selfcheck import SELF_CHECK_SEED


@pytest.fixture(autouse=True)
def fresh_hints(monkeypatch):
    for state in ("_given", "_mistake", "_failures"):
        monkeypatch.setattr(hints, state, {})
    monkeypatch.setattr(hints, "_lesson", [])


def mse_right(A2, Y):
    return np.mean((A2 - Y) ** 2), 2 * (A2 - Y) / A2.size


def mse_target_blind(A2, Y):  # the section's bug
    return np.mean(A2**2), 2 * A2 / A2.size


def mse_sum(A2, Y):
    return np.sum((A2 - Y) ** 2), 2 * (A2 - Y)


def mse_sign(A2, Y):
    return np.mean((A2 - Y) ** 2), 2 * (Y - A2) / A2.size


def mse_rows(A2, Y):
    return np.mean((A2 - Y) ** 2), 2 * (A2 - Y) / len(A2)


def flatten_right(images):
    return images.reshape(len(images), -1)


def flatten_stacked(images):  # the section's bug
    return images.reshape(-1, images.shape[2])


def flatten_columns(images):
    return images.transpose(0, 2, 1).reshape(len(images), -1)


def step_right(net, X, Y, lr):
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.backward(Y)
    net.update(lr)
    return loss


def step_forgetful(net, X, Y, lr):  # the section's bug
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.backward  # noqa: B018
    net.update(lr)
    return loss


def step_update_first(net, X, Y, lr):
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.update(lr)
    net.backward(Y)
    return loss


def step_loss_late(net, X, Y, lr):
    A2 = net.forward(X)
    net.backward(Y)
    loss = net.loss(A2, Y)
    net.update(lr)
    return loss


def step_own_loss(net, X, Y, lr):
    A2 = net.forward(X)
    net.backward(Y)
    net.update(lr)
    return np.mean((A2 - Y) ** 2)


def step_loss_after_update(net, X, Y, lr):
    net.forward(X)
    net.backward(Y)
    net.update(lr)
    return net.loss(net.forward(X), Y)


def update_right(params, grads, lr):
    for name in params:
        params[name] -= lr * grads[name]


def update_frozen_biases(params, grads, lr):  # the section's bug
    for name in ("W1", "W2"):
        params[name] -= lr * grads[name]


def update_new_dict(params, grads, lr):
    params = {name: value - lr * grads[name] for name, value in params.items()}


def update_over_grads(params, grads, lr):
    for name in grads:
        params[name] = params[name] - lr * grads[name]


def backward_right(net, Y):
    dA2 = 2 * (net.A2 - Y) / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.Z1 > 0)
    return {
        "W1": net.X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": net.A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def backward_sign(net, Y):  # the section's bug: the notes' "loss derivative"
    dA2 = 2 * (Y - net.A2) / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.Z1 > 0)
    return {
        "W1": net.X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": net.A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def backward_mask_from_output(net, Y):
    dA2 = 2 * (net.A2 - Y) / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.A1 >= 0)
    return {
        "W1": net.X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": net.A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def backward_flat_biases(net, Y):
    dA2 = 2 * (net.A2 - Y) / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.Z1 > 0)
    return {"W1": net.X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": net.A1.T @ dA2, "b2": dA2.sum(axis=0)}


def relu_right(A):
    return (A > 0).astype(float)


def relu_ge(A):  # the section's bug
    return (A >= 0).astype(float)


def relu_inverted(A):
    return (A == 0).astype(float)


class TwoLayerNet:
    """The lesson's network (section 1), as the notebook defines it."""

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

    def train_step(self, X, Y, lr):
        A2 = self.forward(X)
        value = self.loss(A2, Y)
        self.backward(Y)
        self.update(lr)
        return value

    def fit(self, X, Y, epochs, lr):
        return [self.train_step(X, Y, lr) for epoch in range(epochs)]


class MysteryNet(TwoLayerNet):
    """Section 10's network with its two bugs, as the notebook defines it."""

    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.params["W1"] + self.params["b1"]
        self.A1 = np.tanh(self.Z1)
        self.A2 = self.A1 @ self.params["W2"] + self.params["b2"]
        return self.A2

    def backward(self, Y):
        dA2 = self.loss_gradient(self.A2, Y)
        self.grads["W2"] = self.A1.T @ dA2
        self.grads["b2"] = dA2.sum(axis=0, keepdims=True)
        dZ1 = (dA2 @ self.params["W2"].T) * (1.0 - self.A1)
        self.grads["W1"] = self.X.T @ dZ1
        self.grads["b1"] = dZ1.sum(axis=0, keepdims=True)

    def update(self, lr):
        for name in self.params:
            value, step = self.params[name], lr * self.grads[name]
            value = value - step


def _right_backward(self, Y):
    MysteryNet.backward(self, Y)
    dZ1 = (self.loss_gradient(self.A2, Y) @ self.params["W2"].T) * (1.0 - self.A1**2)
    self.grads.update(W1=self.X.T @ dZ1, b1=dZ1.sum(axis=0, keepdims=True))


def _stored_update(self, lr):
    for name in self.params:
        self.params[name] = self.params[name] - lr * self.grads[name]


def _in_place_update(self, lr):
    for value, name in zip(self.params.values(), self.params):
        value -= lr * self.grads[name]


FixedNet = type("FixedNet", (MysteryNet,), {"backward": _right_backward, "update": _stored_update})
InPlaceFixedNet = type(
    "FixedNet", (MysteryNet,), {"backward": _right_backward, "update": _in_place_update}
)
UpdateOnlyNet = type("FixedNet", (MysteryNet,), {"update": _stored_update})
BackwardOnlyNet = type("FixedNet", (MysteryNet,), {"backward": _right_backward})

RIGHT = [
    ("mse_and_gradient", mse_right),
    ("flatten_images", flatten_right),
    ("train_step", step_right),
    ("update_parameters", update_right),
    ("two_layer_backward", backward_right),
    ("relu_derivative_from_output", relu_right),
    ("mystery_fixed", FixedNet),
    ("mystery_fixed", InPlaceFixedNet),
]

MISTAKES = [
    ("mse_and_gradient", mse_target_blind, "ignores_targets"),
    ("mse_and_gradient", mse_sum, "sum_not_mean"),
    ("mse_and_gradient", mse_sign, "sign_flipped"),
    ("mse_and_gradient", mse_rows, "mean_over_rows"),
    ("flatten_images", flatten_stacked, "rows_stacked"),
    ("flatten_images", flatten_columns, "column_by_column"),
    ("train_step", step_forgetful, "backward_not_called"),
    ("train_step", step_update_first, "update_before_backward"),
    ("train_step", step_loss_late, "loss_after_backward"),
    ("train_step", step_own_loss, "loss_not_called"),
    ("train_step", step_loss_after_update, "loss_after_update"),
    ("update_parameters", update_frozen_biases, "biases_not_updated"),
    ("update_parameters", update_new_dict, "params_not_changed"),
    ("update_parameters", update_over_grads, "missing_gradient_skipped"),
    ("two_layer_backward", backward_sign, "sign_flipped"),
    ("two_layer_backward", backward_mask_from_output, "no_relu_derivative"),
    ("two_layer_backward", backward_flat_biases, "bias_axis_dropped"),
    ("relu_derivative_from_output", relu_ge, "greater_or_equal"),
    ("relu_derivative_from_output", relu_inverted, "mask_inverted"),
    ("mystery_fixed", MysteryNet, "nothing_fixed"),
    ("mystery_fixed", BackwardOnlyNet, "update_not_stored"),
    ("mystery_fixed", UpdateOnlyNet, "tanh_derivative_wrong"),
]


@pytest.mark.parametrize(("name", "solution"), RIGHT)
def test_right_solutions_pass(name, solution, capsys):
    nh.check(name, solution)
    assert capsys.readouterr().out.startswith(f"{name}: right.")


@pytest.mark.parametrize(("name", "solution", "mistake"), MISTAKES)
def test_real_mistakes_are_named_in_the_kernel_and_by_the_judge(name, solution, mistake):
    declared = exercise(name)
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check(name, solution)
    assert f"[{mistake}]" in str(failure.value)
    assert declared.mistake(mistake).hint not in str(
        failure.value
    )  # the symptom first, not the fix
    for seed in (5, 2**31 - 1):  # the judge's inputs: other seeds
        inputs = declared.inputs(rng_for(seed, name))
        got, _ = run(declared, solution, inputs)
        verdict = diagnose(declared, got, inputs)
        assert (verdict.kind, verdict.mistake.name if verdict.mistake else None) == (
            "mistake",
            mistake,
        )


def test_train_step_checks_the_order_of_every_call():
    """The lesson asks for forward, loss, backward, update in that order: any other order fails,
    also when the numbers come out right, and the message says which call came where."""

    def backward_twice(net, X, Y, lr):
        A2 = net.forward(X)
        loss = net.loss(A2, Y)
        net.backward(Y)
        net.backward(Y)
        net.update(lr)
        return loss

    with pytest.raises(
        nh.CheckFailed, match=r"calls\[3\] is 'backward\(Y\)', expected 'update\(lr\)'"
    ):
        nh.check("train_step", backward_twice)
    inputs = exercise("train_step").inputs(rng_for(SELF_CHECK_SEED, "train_step"))
    got, _ = run(exercise("train_step"), step_loss_late, inputs)
    right = exercise("train_step").answer(inputs)
    assert got["loss"] == pytest.approx(right["loss"]) and got["calls"] != right["calls"]
