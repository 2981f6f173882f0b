"""The lesson-04 self-checks pass a right FullyConnectedNetwork and fail known-wrong ones with the likely cause."""
import numpy as np
import pytest

import nnhelpers as nh


class Right:
    def __init__(self, n_inputs, n_hidden, n_outputs, seed=0):
        rng = np.random.default_rng(seed)
        self.W1, self.b1 = nh.initializer("he")((n_inputs, n_hidden), rng), np.zeros((1, n_hidden))
        self.W2, self.b2 = nh.initializer("he")((n_hidden, n_outputs), rng), np.zeros((1, n_outputs))

    def forward(self, X):
        self.X, self.Z1 = X, X @ self.W1 + self.b1
        self.A1 = np.maximum(self.Z1, 0)
        return self.A1 @ self.W2 + self.b2

    def backward(self, outputs, Y):
        dZ2 = self.dZ2(outputs, Y)
        self.dW2, self.db2 = self.A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)
        dZ1 = (dZ2 @ self.W2.T) * self.mask()
        self.dW1, self.db1 = self.X.T @ dZ1, dZ1.sum(axis=0, keepdims=True)

    def dZ2(self, outputs, Y):
        return 2 * (outputs - Y) / outputs.size

    def mask(self):
        return self.Z1 > 0

    def train(self, X, Y, epochs, lr):
        losses = []
        for _ in range(epochs):
            out = self.forward(X)
            losses.append(np.mean((out - Y) ** 2))
            self.backward(out, Y)
            self.step(lr)
        return losses

    def step(self, lr):
        for name in ("W1", "b1", "W2", "b2"):
            setattr(self, name, getattr(self, name) - lr * getattr(self, "d" + name))


def variant(**methods):
    return type("Variant", (Right,), methods)


def test_right_network_passes(capsys):
    nh.check_network_forward(Right)
    nh.check_network_backward(Right)
    nh.check_network_train(Right)
    assert capsys.readouterr().out == "forward: all checks passed\nbackward: all checks passed\ntrain: all checks passed\n"


def relu_output_forward(self, X):
    return np.maximum(Right.forward(self, X), 0)


def no_cache_forward(self, X):
    return np.maximum(X @ self.W1 + self.b1, 0) @ self.W2 + self.b2


def no_X_forward(self, X):            # issue 15: passed the check, then train crashed in backward
    self.Z1 = X @ self.W1 + self.b1
    self.A1 = np.maximum(self.Z1, 0)
    return self.A1 @ self.W2 + self.b2


def no_Z1_forward(self, X):
    self.X, self.A1 = X, np.maximum(X @ self.W1 + self.b1, 0)
    return self.A1 @ self.W2 + self.b2


@pytest.mark.parametrize("forward,message", [
    (relu_output_forward, "the output layer must stay linear (no ReLU)"),
    (lambda self, X: (X @ self.W1 + self.b1) @ self.W2 + self.b2, "the hidden layer's ReLU is missing"),
    (lambda self, X: np.maximum(X @ self.W1, 0) @ self.W2 + self.b2, "the hidden bias b1 is missing"),
    (lambda self, X: np.maximum(X @ self.W1 + self.b1, 0) @ self.W2, "the output bias b2 is missing"),
    (lambda self, X: np.maximum(X @ self.W1.T + self.b1, 0), "raised ValueError"),
    (no_cache_forward, "forward must keep self.X for backward"),
    (no_X_forward, "forward must keep self.X for backward"),
    (no_Z1_forward, "forward must keep self.Z1 for backward"),
])
def test_wrong_forwards(forward, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_network_forward(variant(forward=forward))
    assert message in str(failure.value)


def db_without_keepdims(self, outputs, Y):
    Right.backward(self, outputs, Y)
    self.db1 = self.db1.ravel()


@pytest.mark.parametrize("methods,message", [
    (dict(dZ2=lambda self, out, Y: 2 * out / out.size), "the gradient ignores the targets Y"),
    (dict(dZ2=lambda self, out, Y: out - Y), "the factor 2 / outputs.size of the mean is missing"),
    (dict(dZ2=lambda self, out, Y: 2 * (out - Y) / len(Y)), "divided by the batch size only"),
    (dict(dZ2=lambda self, out, Y: 2 * (Y - out) / out.size), "backward's self.dW2 is wrong for a batch of shape (6, 4): the sign is flipped"),
    (dict(mask=lambda self: self.A1 >= 0), "the ReLU's derivative is missing"),
    (dict(backward=db_without_keepdims), "backward's self.db1 has shape (5,), expected (1, 5): sum with keepdims=True"),
])
def test_wrong_backwards(methods, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_network_backward(variant(**methods))
    assert message in str(failure.value)


def train_recording_after(self, X, Y, epochs, lr):
    losses = []
    for _ in range(epochs):
        out = self.forward(X)
        self.backward(out, Y)
        self.step(lr)
        losses.append(np.mean((self.forward(X) - Y) ** 2))
    return losses


def step_weights_only(self, lr):
    self.W1, self.W2 = self.W1 - lr * self.dW1, self.W2 - lr * self.dW2


@pytest.mark.parametrize("methods,message", [
    (dict(train=train_recording_after), "each loss must be recorded before that epoch's update"),
    (dict(step=step_weights_only), "the biases are not updated"),
    (dict(step=lambda self, lr: Right.step(self, -lr)), "the update goes uphill"),
    (dict(step=lambda self, lr: Right.step(self, 1.0)), "the learning rate lr is not used"),
    (dict(step=lambda self, lr: None), "W1 is never updated"),
    (dict(train=lambda self, X, Y, epochs, lr: None), "train returned None"),
    (dict(train=lambda self, X, Y, epochs, lr: [1.0]), "returned (1,) values, expected 4"),
])
def test_wrong_trains(methods, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_network_train(variant(**methods))
    assert message in str(failure.value)


def test_letter_pad_updates_scores_on_click():
    X, Y, _ = nh.letters()
    net = nh.MLP([30, 8, 3], seed=0)
    net.fit(X, Y, epochs=300, lr=0.1)
    pad = nh.LetterPad(net.predict, start="b")
    np.testing.assert_array_equal(pad.pixels(), X[1])
    first = pad.live.image.value
    heights = [bar.get_height() for bar in pad.bars]
    np.testing.assert_allclose(heights, net.predict(X[1:2]).ravel())
    pad.cells[0].click()                   # ink the top-left pixel
    assert pad.pixels()[0] == 1.0 and pad.cells[0].style.button_color == "#222222"
    assert pad.live.image.value != first
    expected = X[1].copy()
    expected[0] = 1.0
    np.testing.assert_allclose([bar.get_height() for bar in pad.bars], net.predict(expected[None]).ravel())
    assert "1 pixel differ" in pad.verdict.value
    pad.start.value = "blank"
    assert pad.pixels().sum() == 0


def test_letter_pad_bad_arguments():
    with pytest.raises(ValueError, match=r"start must be one of \['a', 'b', 'c', 'blank'\], got 'd'"):
        nh.LetterPad(lambda X: np.zeros((1, 3)), start="d")
    with pytest.raises(TypeError, match="predict must be a function"):
        nh.LetterPad("net")
    with pytest.raises(ValueError, match=r"predict must return 3 scores for one drawing, got shape \(2,\)"):
        nh.LetterPad(lambda X: np.zeros((1, 2)))
