"""PyTorch's autograd as an independent reference for the engine, in float64: activations,
losses, a whole network's forward pass and backprop, and fit's gradient-descent steps give
PyTorch's numbers.

PyTorch is not a course dependency (the course never imports it). .ci/run installs its CPU build
(.ci/torch.txt) and sets NN_TORCH_TEST=required, where a missing torch fails these tests; elsewhere
they are skipped with the reason (`pip install torch==2.13.0+cpu` into .venv runs them).
"""

import numpy as np
import pytest

import nnhelpers as nh
from tests import skip_or_fail

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

# The engine's activations, by name and options, each compared with PyTorch's.
ACTIVATIONS = [
    ("relu", {}),
    ("leaky_relu", {}),
    ("leaky_relu", {"alpha": 0.2}),
    ("sigmoid", {}),
    ("tanh", {}),
    ("linear", {}),
]


def torch_activation(act):
    """The engine's activation `act` (an nh.activation) as PyTorch computes it."""
    if act.name == "leaky_relu":
        return lambda z: F.leaky_relu(z, negative_slope=act.alpha)
    return {
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "linear": lambda z: z,
    }[act.name]


# Each loss as PyTorch computes it, on the engine's (y_pred, y_true): one-hot targets for
# cross-entropy become class indices, which is what F.cross_entropy takes.
TORCH_LOSSES = {
    "mse": lambda y_pred, y_true: F.mse_loss(y_pred, y_true),
    "half_sse": lambda y_pred, y_true: 0.5 * F.mse_loss(y_pred, y_true, reduction="sum"),
    "cross_entropy": lambda y_pred, y_true: F.cross_entropy(y_pred, y_true.argmax(dim=1)),
    "binary_cross_entropy": lambda y_pred, y_true: F.binary_cross_entropy(y_pred, y_true),
}


@pytest.fixture(autouse=True)
def _torch_or_skip():
    if torch is None:
        skip_or_fail(
            "NN_TORCH_TEST",
            "PyTorch is not installed (CI installs torch==2.13.0+cpu; it is not a "
            "course dependency)",
        )


def tensor(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def targets(loss_name, rng, shape):
    """Targets (batch, n) that suit the loss: one-hot rows, 0/1 labels, or any numbers."""
    batch, n = shape
    if loss_name == "cross_entropy":
        return np.eye(n)[rng.integers(0, n, size=batch)]
    if loss_name == "binary_cross_entropy":
        return rng.integers(0, 2, size=shape).astype(np.float64)
    return rng.normal(size=shape)


@pytest.mark.parametrize("name,params", ACTIVATIONS)
def test_activations_and_their_derivatives(name, params):
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(7, 5))
    z[z == 0] = 0.5  # the kink's derivative is a convention, not a number to compare
    act = nh.activation(name, **params)
    z_t = tensor(z, grad=True)
    a_t = torch_activation(act)(z_t)
    a_t.sum().backward()
    np.testing.assert_allclose(act.forward(z), a_t.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(act.derivative(z), z_t.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("loss_name", list(TORCH_LOSSES))
def test_losses_and_their_gradients(loss_name):
    rng = np.random.default_rng(1)
    y_pred = rng.normal(size=(6, 4))
    if loss_name == "binary_cross_entropy":
        y_pred = 1 / (1 + np.exp(-y_pred))  # probabilities
    y_true = targets(loss_name, rng, y_pred.shape)
    pred_t = tensor(y_pred, grad=True)
    value_t = TORCH_LOSSES[loss_name](pred_t, tensor(y_true))
    value_t.backward()
    loss_fn = nh.loss(loss_name)
    assert loss_fn.value(y_pred, y_true) == pytest.approx(value_t.item(), rel=1e-12)
    np.testing.assert_allclose(
        loss_fn.gradient(y_pred, y_true), pred_t.grad.numpy(), rtol=1e-10, atol=1e-15
    )


def test_softmax():
    logits = np.random.default_rng(2).normal(scale=5.0, size=(4, 6))
    np.testing.assert_allclose(
        nh.softmax(logits), torch.softmax(tensor(logits), dim=1).numpy(), rtol=1e-12
    )


def torch_network(net):
    """Copies of net's weights and biases as PyTorch leaf tensors [(W, b), ...]:
    W (n_neurons, n_inputs), as F.linear takes it, and b (n_neurons,)."""
    return [
        (tensor(layer.weights.T, grad=True), tensor(layer.biases.reshape(-1), grad=True))
        for layer in net.dense_layers
    ]


def torch_forward(net, params, X_t):
    """The same network computed by PyTorch: F.linear, then the layer's activation."""
    out = X_t
    for i, (w, b) in enumerate(params):
        act = net.layers[2 * i + 1].activation  # layers alternate Dense and ActivationLayer
        out = torch_activation(act)(F.linear(out, w, b))
    return out


NETWORKS = [
    ([3, 5, 2], "relu", "linear", "mse"),
    ([4, 6, 5, 3], "tanh", "linear", "cross_entropy"),
    ([2, 4, 1], "sigmoid", "sigmoid", "binary_cross_entropy"),
    ([3, 7, 4, 2], "leaky_relu", "tanh", "half_sse"),
]


@pytest.mark.parametrize("sizes,activation,output_activation,loss_name", NETWORKS)
def test_backprop_of_a_whole_network(sizes, activation, output_activation, loss_name):
    rng = np.random.default_rng(3)
    net = nh.MLP(
        sizes, activation=activation, output_activation=output_activation, init="xavier", seed=4
    )
    X = rng.normal(size=(9, sizes[0]))
    Y = targets(loss_name, rng, (9, sizes[-1]))
    loss_fn = nh.loss(loss_name)

    outputs = net.forward(X)
    dinputs = net.backward(loss_fn.gradient(outputs, Y))

    params = torch_network(net)
    X_t = tensor(X, grad=True)
    out_t = torch_forward(net, params, X_t)
    value_t = TORCH_LOSSES[loss_name](out_t, tensor(Y))
    value_t.backward()

    np.testing.assert_allclose(outputs, out_t.detach().numpy(), rtol=1e-12, atol=1e-15)
    assert loss_fn.value(outputs, Y) == pytest.approx(value_t.item(), rel=1e-12)
    np.testing.assert_allclose(dinputs, X_t.grad.numpy(), rtol=1e-9, atol=1e-14)
    for i, layer in enumerate(net.dense_layers):
        w, b = params[i]
        np.testing.assert_allclose(
            layer.dweights, w.grad.numpy().T, rtol=1e-9, atol=1e-14, err_msg=f"layer {i} dweights"
        )
        np.testing.assert_allclose(
            layer.dbiases,
            b.grad.numpy().reshape(1, -1),
            rtol=1e-9,
            atol=1e-14,
            err_msg=f"layer {i} dbiases",
        )


@pytest.mark.parametrize("sizes,activation,output_activation,loss_name", NETWORKS)
def test_fit_takes_the_steps_of_torch_sgd(sizes, activation, output_activation, loss_name):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(12, sizes[0]))
    Y = targets(loss_name, rng, (12, sizes[-1]))
    net = nh.MLP(
        sizes, activation=activation, output_activation=output_activation, init="he", seed=6
    )
    params = torch_network(net)
    lr, epochs = 0.05, 20

    history = net.fit(X, Y, epochs=epochs, lr=lr, loss=loss_name)

    optimizer = torch.optim.SGD([p for pair in params for p in pair], lr=lr)
    losses = []
    for _ in range(epochs):
        optimizer.zero_grad()
        value_t = TORCH_LOSSES[loss_name](torch_forward(net, params, tensor(X)), tensor(Y))
        losses.append(value_t.item())
        value_t.backward()
        optimizer.step()
    np.testing.assert_allclose(history.losses, losses, rtol=1e-10)
    assert losses[-1] < losses[0], (
        "20 small steps should lower the loss (else the comparison shows little)"
    )
    for i, layer in enumerate(net.dense_layers):
        w, b = params[i]
        np.testing.assert_allclose(layer.weights, w.detach().numpy().T, rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(
            layer.biases, b.detach().numpy().reshape(1, -1), rtol=1e-9, atol=1e-13
        )
