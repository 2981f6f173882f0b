"""run_seeds against MLP.fit (tested on its own in tests/engine/test_network.py), divergence, bad input; signal spread."""

import re

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.experiments.seeds import train_networks


def fit_losses(layer_sizes, X, Y, seed, *, epochs, lr, loss="mse", **build):
    """MLP.fit's losses for one seed, and the epoch at which it raised TrainingDiverged (None if it did not)."""
    recorded = []
    try:
        nh.MLP(layer_sizes, seed=seed, **build).fit(
            X,
            Y,
            epochs=epochs,
            lr=lr,
            loss=loss,
            callback=lambda epoch, value: recorded.append(value),
        )
    except nh.TrainingDiverged as error:
        epoch = int(re.search(r"diverged at epoch (\d+)", str(error)).group(1))
        assert epoch == len(recorded)
        return np.array(recorded), epoch
    return np.array(recorded), None


def letters_task():
    X, Y, _ = nh.letters()
    return X, Y


def spirals_task():
    return nh.spirals(20, noise=0.1, seed=1)


CONFIGURATIONS = [
    # (task, layer_sizes, build keywords, fit keywords)
    (
        letters_task,
        [30, 8, 3],
        dict(activation="relu", init="he"),
        dict(epochs=120, lr=0.1, loss="mse"),
    ),
    (
        letters_task,
        [30, 6, 4, 3],
        dict(activation="tanh", init="xavier"),
        dict(epochs=100, lr=0.5, loss="cross_entropy"),
    ),
    (
        letters_task,
        [30, 5, 3],
        dict(activation="sigmoid", init=nh.initializer("normal", std=0.5)),
        dict(epochs=100, lr=1.0, loss="mse"),
    ),
    (
        letters_task,
        [30, 7, 3],
        dict(activation=nh.activation("leaky_relu", alpha=0.1), init="uniform"),
        dict(epochs=80, lr=0.02, loss="half_sse"),
    ),
    (
        letters_task,
        [30, 4, 3],
        dict(activation="relu", output_activation="sigmoid", init="he"),
        dict(epochs=80, lr=1.0, loss="binary_cross_entropy"),
    ),
    (
        letters_task,
        [30, 4, 3],
        dict(activation="linear", init=nh.scaled_initializer("xavier", 0.5)),
        dict(epochs=60, lr=0.2, loss="mse"),
    ),
    (
        spirals_task,
        [2, 12, 12, 2],
        dict(activation="tanh", init="xavier"),
        dict(epochs=150, lr=1.0, loss="cross_entropy"),
    ),
    (
        spirals_task,
        [2, 10, 2],
        dict(activation="leaky_relu", output_activation="tanh", init="he"),
        dict(epochs=150, lr=0.3, loss="mse"),
    ),
]


@pytest.mark.parametrize("task,layer_sizes,build,fit", CONFIGURATIONS)
def test_each_row_equals_mlp_fit_of_its_seed(task, layer_sizes, build, fit):
    X, Y = task()
    seeds = [7, 0, 3, 11]  # not sorted: row i must belong to seeds[i]
    losses = nh.run_seeds(layer_sizes, X, Y, seeds, **fit, **build)
    assert losses.shape == (4, fit["epochs"]) and losses.dtype == np.float64
    for row, seed in zip(losses, seeds):
        expected, diverged_at = fit_losses(layer_sizes, X, Y, seed, **fit, **build)
        assert diverged_at is None
        np.testing.assert_allclose(row, expected, rtol=1e-9, atol=0)
    assert not np.allclose(losses[0], losses[1])  # different seeds really are different networks


def test_a_single_seed_and_repeated_seeds():
    X, Y = letters_task()
    one = nh.run_seeds([30, 8, 3], X, Y, [5], epochs=50, lr=0.1)
    twice = nh.run_seeds([30, 8, 3], X, Y, np.array([5, 5]), epochs=50, lr=0.1)
    expected, _ = fit_losses([30, 8, 3], X, Y, 5, epochs=50, lr=0.1)
    np.testing.assert_allclose(one[0], expected, rtol=1e-9, atol=0)
    np.testing.assert_allclose(twice, [expected, expected], rtol=1e-9, atol=0)


def test_diverging_seeds_get_inf_from_the_epoch_mlp_fit_stops_and_the_others_go_on():
    # tanh at lr 0.6 on the letters: most seeds blow up after about 380 epochs, a few settle (found by trying).
    X, Y = letters_task()
    seeds = list(range(10))
    losses = nh.run_seeds([30, 8, 3], X, Y, seeds, epochs=400, lr=0.6, activation="tanh")
    outcomes = []
    for row, seed in zip(losses, seeds):
        expected, diverged_at = fit_losses(
            [30, 8, 3], X, Y, seed, epochs=400, lr=0.6, activation="tanh"
        )
        outcomes.append(diverged_at)
        if diverged_at is None:
            np.testing.assert_allclose(row, expected, rtol=1e-9, atol=0)
        else:
            np.testing.assert_allclose(row[:diverged_at], expected, rtol=1e-9, atol=0)
            assert np.all(row[diverged_at:] == np.inf)
    n_diverged = sum(epoch is not None for epoch in outcomes)
    assert 0 < n_diverged < len(seeds), outcomes  # both kinds, or the test proves nothing
    assert np.isfinite(losses[[epoch is None for epoch in outcomes]]).all()


def test_when_every_seed_diverges_the_rows_are_inf_from_their_own_epoch():
    X, Y = letters_task()
    losses = nh.run_seeds([30, 8, 3], X, Y, [0, 1, 2], epochs=250, lr=15.0)
    for row, seed in zip(losses, [0, 1, 2]):
        expected, diverged_at = fit_losses([30, 8, 3], X, Y, seed, epochs=250, lr=15.0)
        assert diverged_at is not None
        np.testing.assert_allclose(row[:diverged_at], expected, rtol=1e-9, atol=0)
        assert np.all(row[diverged_at:] == np.inf)


def test_run_seeds_leaves_no_warnings_and_no_changed_state():
    X, Y = letters_task()
    X_before = X.copy()
    with np.errstate(all="raise"):  # the huge intermediate numbers of a diverging run stay silent
        nh.run_seeds([30, 8, 3], X, Y, [0, 1], epochs=250, lr=15.0)
    assert np.array_equal(X, X_before)
    assert np.geterr()["over"] == "warn"


@pytest.mark.parametrize(
    "seeds,error,message",
    [
        (
            20,
            TypeError,
            r"seeds must be a non-empty sequence of whole numbers, e\.g\. range\(20\), got int 20",
        ),
        ([], ValueError, "seeds must hold at least one seed"),
        ([0, -1], ValueError, r"seeds\[1\] must be a whole number >= 0, got -1"),
        ([0, 1.5], TypeError, r"seeds\[1\] must be a whole number >= 0, got float 1.5"),
        ([True], TypeError, r"seeds\[0\] must be a whole number >= 0, got bool True"),
        ("01", TypeError, "seeds must be a non-empty sequence of whole numbers"),
    ],
)
def test_bad_seeds(seeds, error, message):
    X, Y = letters_task()
    with pytest.raises(error, match=message):
        nh.run_seeds([30, 8, 3], X, Y, seeds, epochs=5, lr=0.1)


@pytest.mark.parametrize(
    "change,error,message",
    [
        (dict(epochs=0), ValueError, "epochs must be a positive whole number, got 0"),
        (dict(epochs=2.5), TypeError, "epochs must be a positive whole number"),
        (dict(lr=-0.1), ValueError, "lr must be a positive finite number, got -0.1"),
        (dict(lr="big"), TypeError, "lr must be a positive number"),
        (
            dict(X=np.zeros((3, 29))),
            ValueError,
            r"X must have shape \(batch, 30\) for this network",
        ),
        (dict(Y=np.zeros((3, 4))), ValueError, r"Y must have shape \(3, 3\) .* got \(3, 4\)"),
        (
            dict(Y=np.zeros((3, 3)), loss="cross_entropy"),
            ValueError,
            "y_true must hold one-hot rows",
        ),
        (dict(loss="hinge"), ValueError, "unknown loss 'hinge'"),
        (dict(activation="swish"), ValueError, "unknown activation 'swish'"),
        (dict(init="orthogonal"), ValueError, "unknown initializer 'orthogonal'"),
        (dict(layer_sizes=[30]), ValueError, "layer_sizes must be a list of at least 2 sizes"),
    ],
)
def test_bad_arguments_name_the_argument(change, error, message):
    X, Y = letters_task()
    arguments = dict(layer_sizes=[30, 8, 3], X=X, Y=Y, seeds=[0], epochs=5, lr=0.1) | change
    with pytest.raises(error, match=message):
        nh.run_seeds(
            arguments.pop("layer_sizes"),
            arguments.pop("X"),
            arguments.pop("Y"),
            arguments.pop("seeds"),
            **arguments,
        )


def test_scaled_initializer_multiplies_the_default_size():
    rng = lambda: np.random.default_rng(3)  # noqa: E731
    for name in ["zeros", "constant", "normal", "uniform", "xavier", "he"]:
        assert np.array_equal(
            nh.scaled_initializer(name, 1.0)((4, 5), rng()), nh.initializer(name)((4, 5), rng())
        )
    assert nh.scaled_initializer("normal", 10).std == pytest.approx(0.1)
    assert nh.scaled_initializer("constant", 2).value == 1.0
    assert (
        nh.scaled_initializer("uniform", 0.5).low,
        nh.scaled_initializer("uniform", 0.5).high,
    ) == (-0.5, 0.5)
    assert (
        nh.scaled_initializer("he", 3).gain == 3.0
        and nh.scaled_initializer("xavier", 0.2).gain == 0.2
    )
    assert np.array_equal(nh.scaled_initializer("zeros", 5)((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="scale must be a positive finite number, got 0"):
        nh.scaled_initializer("he", 0)
    with pytest.raises(ValueError, match="unknown init 'glorot'"):
        nh.scaled_initializer("glorot", 1)


def test_activation_spread_matches_a_hand_written_forward_pass():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 6))
    net = nh.MLP(
        [6, 5, 4, 2], activation="tanh", output_activation="sigmoid", init="xavier", seed=4
    )
    (W1, b1), (W2, b2), (W3, b3) = [(d.weights, d.biases) for d in net.dense_layers]
    a1 = np.tanh(X @ W1 + b1)
    a2 = np.tanh(a1 @ W2 + b2)
    a3 = 1 / (1 + np.exp(-(a2 @ W3 + b3)))
    expected = [np.sqrt(np.mean((a - a.mean()) ** 2)) for a in (a1, a2, a3)]
    np.testing.assert_allclose(nh.activation_spread(net, X), expected, rtol=1e-12)
    from_sizes = nh.activation_spread(
        [6, 5, 4, 2], X, activation="tanh", output_activation="sigmoid", init="xavier", seed=4
    )
    np.testing.assert_allclose(from_sizes, expected, rtol=1e-12)
    many = nh.activation_spread(
        [6, 5, 4, 2], X, activation="tanh", output_activation="sigmoid", init="xavier", seed=[4, 5]
    )
    assert many.shape == (2, 3)
    np.testing.assert_allclose(many[0], expected, rtol=1e-12)
    assert not np.allclose(many[1], expected)


def test_activation_spread_shows_vanishing_and_steady_signals():
    X = np.random.default_rng(1).normal(size=(200, 100))
    sizes = [100] * 9 + [10]
    small = nh.activation_spread(
        sizes, X, activation="tanh", init="normal"
    )  # std 0.01: x 0.1 per layer
    xavier = nh.activation_spread(sizes, X, activation="tanh", init="xavier")
    assert np.all(np.diff(np.log10(small[:-1])) < -0.8)  # about one decade smaller per layer
    assert 0.3 < xavier[-2] / xavier[0] < 1.0  # tanh + Xavier: shrinks only slowly
    he = nh.activation_spread(sizes, X, activation="relu", init="he", seed=range(5)).mean(axis=0)
    assert 0.5 < he[-2] / he[0] < 2.0  # ReLU + He: about steady


def test_gradient_spread_matches_hand_written_backprop():
    X, Y = letters_task()
    net = nh.MLP([30, 6, 3], seed=2)
    W1, b1 = net.dense_layers[0].weights.copy(), net.dense_layers[0].biases.copy()
    W2, b2 = net.dense_layers[1].weights.copy(), net.dense_layers[1].biases.copy()
    z1 = X @ W1 + b1
    a1 = np.maximum(z1, 0)
    out = a1 @ W2 + b2
    d_out = 2 * (out - Y) / Y.size
    dW2 = a1.T @ d_out
    dW1 = X.T @ ((d_out @ W2.T) * (z1 > 0))
    np.testing.assert_allclose(nh.gradient_spread(net, X, Y), [dW1.std(), dW2.std()], rtol=1e-12)
    assert np.array_equal(net.dense_layers[0].weights, W1)  # nothing was trained
    assert nh.gradient_spread([30, 6, 3], X, Y, seed=[2, 3]).shape == (2, 2)


def test_spread_bad_arguments():
    X, Y = letters_task()
    with pytest.raises(TypeError, match="net must be an MLP or a list of layer sizes"):
        nh.activation_spread("relu", X)
    with pytest.raises(ValueError, match=r"X must have shape \(batch, 30\)"):
        nh.activation_spread([30, 4, 3], X[:, :5])
    with pytest.raises(TypeError, match=r"seed\[1\] must be a whole number >= 0"):
        nh.activation_spread([30, 4, 3], X, seed=[0, "a"])
    with pytest.raises(ValueError, match=r"Y must have shape \(3, 3\)"):
        nh.gradient_spread([30, 4, 3], X, Y[:, :2])


@pytest.mark.parametrize("task,layer_sizes,build,fit", CONFIGURATIONS)
def test_each_row_is_bit_for_bit_mlp_fit_of_its_seed(task, layer_sizes, build, fit):
    """run_seeds runs the engine's own layers and losses on a stack of seeds: not close, the same numbers."""
    X, Y = task()
    seeds = [7, 0, 3, 11]
    losses = nh.run_seeds(layer_sizes, X, Y, seeds, **fit, **build)
    for row, seed in zip(losses, seeds):
        expected = nh.MLP(layer_sizes, seed=seed, **build).fit(X, Y, **fit).losses
        assert np.array_equal(row, expected), (
            f"seed {seed}: first difference at epoch {np.argmax(row != expected)}"
        )


def test_run_seeds_returns_the_trained_networks_of_mlp_fit_and_can_go_on():
    X, Y, _ = nh.letters()
    losses, trained = nh.run_seeds(
        [30, 5, 3], X, Y, [0, 7], epochs=30, lr=0.2, return_networks=True
    )
    for seed, got in zip([0, 7], trained):
        net = nh.MLP([30, 5, 3], seed=seed)
        net.fit(X, Y, epochs=30, lr=0.2)
        for layer, trained_layer in zip(net.dense_layers, got.dense_layers):
            assert np.array_equal(trained_layer.weights, layer.weights)
            assert np.array_equal(trained_layer.biases, layer.biases)
    _, trained = nh.run_seeds([30, 5, 3], X, Y, [0], epochs=30, lr=1e6, return_networks=True)
    assert trained == [None]  # diverged: nothing to show
    # trained on from where it stopped: the losses and weights of one longer run, the networks given untouched
    losses, trained = nh.run_seeds(
        [30, 5, 3], X, Y, [0, 7], epochs=30, lr=0.2, return_networks=True
    )
    before = [layer.weights.copy() for layer in trained[1].dense_layers]
    more, longer = train_networks(trained, X, Y, epochs=20, lr=0.2)
    assert all(
        np.array_equal(layer.weights, w) for layer, w in zip(trained[1].dense_layers, before)
    )
    for i, seed in enumerate([0, 7]):
        net = nh.MLP([30, 5, 3], seed=seed)
        expected = net.fit(X, Y, epochs=50, lr=0.2).losses
        assert np.array_equal(np.concatenate([losses[i], more[i]]), expected)
        assert all(
            np.array_equal(a.weights, b.weights) and np.array_equal(a.biases, b.biases)
            for a, b in zip(longer[i].dense_layers, net.dense_layers)
        )
