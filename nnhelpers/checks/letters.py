"""Self-checks for lesson 04 (the letters network): FullyConnectedNetwork.forward, .backward, .train.

The class under test is built as Network(n_inputs, n_hidden, n_outputs, seed) and keeps
W1 (n_inputs, n_hidden), b1 (1, n_hidden), W2 (n_hidden, n_outputs), b2 (1, n_outputs).
    forward(X): X (batch, n_inputs) -> outputs (batch, n_outputs); keeps self.X, self.Z1, self.A1
    backward(outputs, Y): sets self.dW1, self.db1, self.dW2, self.db2 for the loss mean((outputs - Y)**2)
    train(X, Y, epochs, lr): full-batch gradient descent; returns the list of losses, each before its update
Each check uses its own correct versions of the other two methods, so one mistake costs one check.
"""
import numpy as np

from .core import CheckFailed, call, compare, passed

PARAMETERS = ("W1", "b1", "W2", "b2")


def _relu(z):
    return np.maximum(z, 0.0)


def _reference_forward(net, X):
    net.X = X
    net.Z1 = X @ net.W1 + net.b1
    net.A1 = _relu(net.Z1)
    return net.A1 @ net.W2 + net.b2


def _reference_backward(net, outputs, Y):
    dZ2 = 2.0 * (outputs - Y) / outputs.size
    net.dW2, net.db2 = net.A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ net.W2.T) * (net.Z1 > 0)
    net.dW1, net.db1 = net.X.T @ dZ1, dZ1.sum(axis=0, keepdims=True)


def _network(Network, rng):
    """A 4-5-3 network of the student's class with known, non-zero parameters; and a batch of 6."""
    net = call(Network, "FullyConnectedNetwork", 4, 5, 3, 0)
    for name in PARAMETERS:
        if not hasattr(net, name):
            raise CheckFailed(f"FullyConnectedNetwork(4, 5, 3, 0) has no attribute {name}: keep the given __init__")
    net.W1, net.b1 = rng.normal(size=(4, 5)), rng.normal(size=(1, 5))
    net.W2, net.b2 = rng.normal(size=(5, 3)), rng.normal(size=(1, 3))
    X, Y = rng.normal(size=(6, 4)), np.eye(3)[rng.integers(0, 3, size=6)]
    return net, X, Y


def check_network_forward(Network):
    """forward(X) = relu(X @ W1 + b1) @ W2 + b2, keeping X, Z1 and A1 for backward."""
    net, X, _ = _network(Network, np.random.default_rng(11))
    got = call(net.forward, "forward", X)
    z1 = X @ net.W1 + net.b1
    right = _relu(z1) @ net.W2 + net.b2
    compare("forward", got, right, "a batch of shape (6, 4)", [
        (_relu(right), "the output layer must stay linear (no ReLU): a ReLU output can get stuck at 0"),
        (z1 @ net.W2 + net.b2, "the hidden layer's ReLU is missing: A1 = relu(Z1)"),
        (_relu(X @ net.W1) @ net.W2 + net.b2, "the hidden bias b1 is missing"),
        (_relu(z1) @ net.W2, "the output bias b2 is missing"),
        (1 / (1 + np.exp(-z1)) @ net.W2 + net.b2, "the hidden layer uses the sigmoid; this network uses ReLU"),
    ])
    for name, value in (("X", X), ("Z1", z1), ("A1", _relu(z1))):   # backward needs all three
        if not hasattr(net, name):
            raise CheckFailed(f"forward must keep self.{name} for backward (e.g. self.{name} = ...)")
        compare(f"forward's self.{name}", getattr(net, name), value, "a batch of shape (6, 4)")
    passed("forward")


def check_network_backward(Network):
    """backward(outputs, Y) sets dW2, db2, dW1, db1 for the loss mean((outputs - Y)**2)."""
    net, X, Y = _network(Network, np.random.default_rng(12))
    outputs = _reference_forward(net, X)                  # the cache, made without the student's forward
    call(net.backward, "backward", outputs, Y)
    right = type("Reference", (), {})()
    right.X, right.Z1, right.A1, right.W2 = net.X, net.Z1, net.A1, net.W2
    _reference_backward(right, outputs, Y)
    mask = net.Z1 > 0
    wrong_dZ2 = {"the gradient ignores the targets Y: dZ2 must be 2 * (outputs - Y) / outputs.size":
                 2.0 * outputs / outputs.size,
                 "the factor 2 / outputs.size of the mean is missing: dZ2 = 2 * (outputs - Y) / outputs.size":
                 outputs - Y,
                 "dZ2 is divided by the batch size only; the MSE averages over all batch * n_outputs numbers":
                 2.0 * (outputs - Y) / len(Y)}
    for name in ("dW2", "db2", "dW1", "db1"):
        if not hasattr(net, name):
            raise CheckFailed(f"backward must set self.{name}")
        mistakes = []
        for explanation, dZ2 in wrong_dZ2.items():
            dZ1 = (dZ2 @ net.W2.T) * mask
            value = {"dW2": net.A1.T @ dZ2, "db2": dZ2.sum(axis=0, keepdims=True),
                     "dW1": net.X.T @ dZ1, "db1": dZ1.sum(axis=0, keepdims=True)}[name]
            mistakes.append((value, explanation))
        if name in ("dW1", "db1"):
            dZ1_no_mask = (2.0 * (outputs - Y) / outputs.size) @ net.W2.T
            no_mask = net.X.T @ dZ1_no_mask if name == "dW1" else dZ1_no_mask.sum(axis=0, keepdims=True)
            mistakes.append((no_mask, "the ReLU's derivative is missing: multiply by (Z1 > 0) "
                                      "(note: A1 >= 0 is always true, so a mask taken from A1 with >= does nothing)"))
        if name in ("db1", "db2"):
            flat = getattr(right, name).ravel()
            if np.shape(getattr(net, name)) == flat.shape and np.allclose(getattr(net, name), flat):
                raise CheckFailed(f"backward's self.{name} has shape {flat.shape}, expected {getattr(right, name).shape}: "
                                  "sum with keepdims=True so it matches the bias")
        compare(f"backward's self.{name}", getattr(net, name), getattr(right, name), "a batch of shape (6, 4)", mistakes)
    passed("backward")


def _simulate(Network, start, X, Y, epochs, lr, sign=-1.0, updated=PARAMETERS):
    """Reference training: (losses recorded before each update, final parameters); sign=+1 goes uphill."""
    net = Network(4, 5, 3, 0)
    for name in PARAMETERS:
        setattr(net, name, start[name].copy())
    losses = []
    for _ in range(epochs):
        outputs = _reference_forward(net, X)
        losses.append(np.mean((outputs - Y) ** 2))
        _reference_backward(net, outputs, Y)
        for name in updated:
            setattr(net, name, getattr(net, name) + sign * lr * getattr(net, "d" + name))
    return losses, {name: getattr(net, name) for name in PARAMETERS}


def check_network_train(Network):
    """train(X, Y, epochs, lr) runs forward, loss, backward and an update of all four parameters each epoch,
    and returns the losses, each recorded before its epoch's update."""
    class WithReferenceParts(Network):
        forward = _reference_forward
        backward = _reference_backward

    net, X, Y = _network(WithReferenceParts, np.random.default_rng(13))
    start = {name: getattr(net, name).copy() for name in PARAMETERS}
    losses = call(net.train, "train", X, Y, 4, 0.1)
    if losses is None:
        raise CheckFailed("train returned None: return the list of losses, one per epoch")
    if np.shape(losses) != (4,):
        raise CheckFailed(f"train(X, Y, epochs=4, lr=0.1) returned {np.shape(losses)} values, expected 4: one loss per epoch")
    five, _ = _simulate(WithReferenceParts, start, X, Y, 5, 0.1)
    right_losses, right = _simulate(WithReferenceParts, start, X, Y, 4, 0.1)
    _, uphill = _simulate(WithReferenceParts, start, X, Y, 4, 0.1, sign=+1.0)
    _, no_lr = _simulate(WithReferenceParts, start, X, Y, 4, 1.0)
    _, weights_only = _simulate(WithReferenceParts, start, X, Y, 4, 0.1, updated=("W1", "W2"))
    for name in PARAMETERS:   # the parameters first: a wrong update also spoils the later losses
        compare(f"train's final {name}", getattr(net, name), right[name], "4 epochs", [
            (start[name], f"{name} is never updated"),
            (uphill[name], "the update goes uphill: subtract lr * gradient"),
            (no_lr[name], "the learning rate lr is not used"),
            (weights_only[name], "the biases are not updated")])
    compare("train's losses", losses, right_losses, "4 epochs", [
        (five[1:], "each loss must be recorded before that epoch's update, not after it")])
    passed("train")
