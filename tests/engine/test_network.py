import numpy as np
import pytest

import nnhelpers as nh


@pytest.mark.parametrize(
    "activation,output_activation,loss",
    [
        ("relu", "linear", "mse"),
        ("tanh", "sigmoid", "half_sse"),
        ("sigmoid", "linear", "cross_entropy"),
        ("leaky_relu", "tanh", "mse"),
    ],
)
def test_whole_network_gradients_match_finite_differences(activation, output_activation, loss):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(6, 4))
    Y = np.eye(3)[rng.integers(0, 3, size=6)]
    net = nh.MLP(
        [4, 5, 4, 3],
        activation=activation,
        output_activation=output_activation,
        init="xavier",
        seed=2,
    )
    for dense in net.dense_layers:
        dense.biases += 0.1 * rng.normal(size=dense.biases.shape)
    errors = nh.check_network_gradients(net, X, Y, loss=loss)
    assert len(errors) == 6
    assert max(errors.values()) < 1e-7, errors


def test_layers_alternate_dense_and_activation():
    net = nh.MLP([30, 8, 3], activation="tanh", output_activation="sigmoid")
    assert [type(layer).__name__ for layer in net.layers] == ["Dense", "ActivationLayer"] * 2
    assert [layer.activation.name for layer in net.layers[1::2]] == ["tanh", "sigmoid"]
    assert net.layers[0].weights.shape == (30, 8) and net.layers[2].biases.shape == (1, 3)


def test_fit_learns_the_letters_and_is_deterministic():
    X, Y, _ = nh.letters()
    first = nh.MLP([30, 8, 3], seed=0).fit(X, Y, epochs=300, lr=0.1).losses
    second = nh.MLP([30, 8, 3], seed=0).fit(X, Y, epochs=300, lr=0.1).losses
    other_seed = nh.MLP([30, 8, 3], seed=1).fit(X, Y, epochs=300, lr=0.1).losses
    assert first == second
    assert first != other_seed
    assert len(first) == 300 and all(isinstance(v, float) for v in first)
    assert first[-1] < 1e-3 * first[0]


def test_history_holds_the_loss_before_each_update():
    X, Y, _ = nh.letters()
    net = nh.MLP([30, 4, 3], seed=3)
    expected_first = nh.loss("mse").value(net.predict(X), Y)
    history = net.fit(X, Y, epochs=2, lr=0.05)
    assert history.losses[0] == expected_first


def test_fit_matches_a_plain_numpy_loop():
    # The same math written out by hand, independent of the layer classes.
    X, Y, _ = nh.letters()
    net = nh.MLP([30, 6, 3], seed=4)
    W1, b1 = net.layers[0].weights.copy(), net.layers[0].biases.copy()
    W2, b2 = net.layers[2].weights.copy(), net.layers[2].biases.copy()
    losses = []
    for _ in range(50):
        z1 = X @ W1 + b1
        a1 = np.maximum(z1, 0)
        out = a1 @ W2 + b2
        losses.append(np.mean((out - Y) ** 2))
        dout = 2 * (out - Y) / out.size
        dW2, db2 = a1.T @ dout, dout.sum(axis=0, keepdims=True)
        dz1 = (dout @ W2.T) * (z1 > 0)
        dW1, db1 = X.T @ dz1, dz1.sum(axis=0, keepdims=True)
        W1, b1, W2, b2 = W1 - 0.1 * dW1, b1 - 0.1 * db1, W2 - 0.1 * dW2, b2 - 0.1 * db2
    np.testing.assert_allclose(net.fit(X, Y, epochs=50, lr=0.1).losses, losses, rtol=1e-12)
    np.testing.assert_allclose(net.layers[0].weights, W1, rtol=1e-12)


def test_predict_equals_forward_and_keeps_cached_inputs():
    X, _, _ = nh.letters()
    net = nh.MLP([30, 8, 3], seed=0)
    out = net.forward(X)
    cached = net.layers[0].inputs
    np.testing.assert_array_equal(net.predict(X), out)
    assert net.layers[0].inputs is cached


def test_callback_sees_every_epoch():
    X, Y, _ = nh.letters()
    seen = []
    history = nh.MLP([30, 8, 3]).fit(
        X, Y, epochs=5, lr=0.1, callback=lambda epoch, value: seen.append((epoch, value))
    )
    assert seen == list(enumerate(history.losses))


def test_divergence_stops_with_epoch_and_advice():
    X, Y, _ = nh.letters()
    with pytest.raises(
        nh.TrainingDiverged,
        match=r"training diverged at epoch \d+: the loss became (inf|nan) "
        r"with lr=1000.0. Try a smaller learning rate, e.g. lr=100",
    ):
        nh.MLP([30, 8, 3]).fit(X, Y, epochs=200, lr=1000.0)


BAD_FITS = [
    (dict(epochs=0), ValueError, "epochs must be a positive whole number, got 0"),
    (dict(epochs=2.5), TypeError, "epochs must be a positive whole number, got float 2.5"),
    (dict(lr=-0.1), ValueError, "lr must be a positive finite number, got -0.1"),
    (dict(lr=0), ValueError, "lr must be a positive finite number, got 0"),
    (dict(loss="l1"), ValueError, "unknown loss 'l1'"),
    (
        dict(Y=np.eye(2)),
        ValueError,
        r"Y must have shape \(3, 3\) \(one row per row of X, one column per output\), got \(2, 2\)",
    ),
    (
        dict(X=np.zeros((3, 29))),
        ValueError,
        r"X must have shape \(batch, 30\) for this network \(layer_sizes\[0\]=30\), got \(3, 29\)",
    ),
    (dict(X=np.full((3, 30), np.nan)), ValueError, "X contains NaN"),
    (dict(callback=5), TypeError, "callback must be callable"),
]


@pytest.mark.parametrize("change,error,message", BAD_FITS)
def test_bad_fit_arguments(change, error, message):
    X, Y, _ = nh.letters()
    args = dict(X=X, Y=Y, epochs=10, lr=0.1) | change
    with pytest.raises(error, match=message):
        nh.MLP([30, 8, 3]).fit(**args)


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match=r"layer_sizes must be a list of at least 2 sizes"):
        nh.MLP([30])
    with pytest.raises(
        ValueError, match=r"layer_sizes\[1\] must be a positive whole number, got -8"
    ):
        nh.MLP([30, -8, 3])
    with pytest.raises(ValueError, match="unknown activation 'elu'"):
        nh.MLP([30, 8, 3], activation="elu")
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        nh.MLP([30, 8, 3], init="kaiming")


def test_set_parameters_loads_copies_and_checks_shapes():
    net = nh.MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid")
    W1, W2 = np.array([[0.1, 0.3], [0.4, -0.5]]), np.array([[0.6], [-0.1]])
    assert net.set_parameters([(W1, [0.2, -0.1]), (W2, [0.3])]) is net
    W1[0, 0] = 99.0
    assert net.layers[0].weights[0, 0] == 0.1 and net.layers[2].biases.tolist() == [[0.3]]
    # the 2-2-1 worked example of lesson 03: y_hat = 0.63915 (checked by hand in the lesson)
    assert net.predict([[0.5, -0.2]])[0, 0] == pytest.approx(0.63915438, abs=1e-8)
    with pytest.raises(
        ValueError,
        match=r"parameters\[1\] must be weights of shape \(2, 1\) and biases of 1 values, got \(1, 2\) and 1 values",
    ):
        net.set_parameters([(np.zeros((2, 2)), np.zeros(2)), (np.zeros((1, 2)), np.zeros(1))])
    with pytest.raises(
        ValueError, match="parameters must be a list of 2 \\(weights, biases\\) pairs"
    ):
        net.set_parameters([(np.zeros((2, 2)), np.zeros(2))])


def test_parameters_are_the_trainable_arrays_by_name():
    net = nh.MLP([3, 4, 2], seed=1)
    params = net.parameters()
    assert list(params) == [
        "layer 0 weights",
        "layer 0 biases",
        "layer 1 weights",
        "layer 1 biases",
    ]
    assert params["layer 1 weights"] is net.layers[2].weights and params[
        "layer 0 biases"
    ].shape == (1, 4)
    X, Y = (
        np.random.default_rng(2).normal(size=(5, 3)),
        np.random.default_rng(3).normal(size=(5, 2)),
    )
    net.backward(nh.loss("mse").gradient(net.forward(X), Y))
    grads = net.gradients()
    assert list(grads) == list(params) and grads["layer 0 weights"] is net.layers[0].dweights
    before = {name: value.copy() for name, value in params.items()}
    net.step(0.5)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[name] - 0.5 * grads[name])


def test_set_parameters_copies_into_the_parameters():
    net = nh.MLP([2, 3, 1], seed=0)
    weights = [np.arange(6.0).reshape(2, 3), np.ones((3, 1))]
    net.set_parameters([(weights[0], [1.0, 2.0, 3.0]), (weights[1], [0.5])])
    assert net.parameters()["layer 0 biases"].tolist() == [[1.0, 2.0, 3.0]]
    assert net.parameters()["layer 1 weights"].tolist() == [[1.0], [1.0], [1.0]]
    weights[0][0, 0] = 99.0  # a copy was stored
    assert net.layers[0].weights[0, 0] == 0.0
    with pytest.raises(ValueError, match=r"parameters\[1\] must be weights of shape \(3, 1\)"):
        net.set_parameters([(weights[0], np.zeros(3)), (np.ones((2, 1)), [0.5])])
    assert net.layers[2].weights.tolist() == [[1.0], [1.0], [1.0]]  # nothing loaded from a bad list


def test_fit_fills_every_gradient_but_d_loss_d_X():
    """fit's one shortcut: the first layer's dinputs (d loss / d X) is not computed; every other gradient is
    the one backward computes."""
    X, Y, _ = nh.letters()
    net = nh.MLP([30, 8, 3], seed=0)
    net.fit(X, Y, epochs=1, lr=1e-300)  # one epoch; the update is far below rounding
    assert net.layers[0].dinputs is None
    fitted = {name: value.copy() for name, value in net.gradients().items()}
    fitted_dinputs = [layer.dinputs.copy() for layer in net.layers[1:]]
    net.backward(nh.loss("mse").gradient(net.forward(X), Y))
    assert net.layers[0].dinputs.shape == X.shape
    for name, value in net.gradients().items():
        assert np.array_equal(value, fitted[name]), name
    for layer, dinputs in zip(net.layers[1:], fitted_dinputs):
        assert np.array_equal(layer.dinputs, dinputs)
