"""Train the same network from many seeds at once: one loss curve per seed.

    losses = run_seeds([30, 8, 3], X, Y, seeds=range(20), epochs=300, lr=0.1, init="he")
    losses.shape        # (20, 300); losses[i] is the curve of seed i

Row i equals MLP(layer_sizes, ..., seed=seeds[i]).fit(X, Y, ...).losses: the initial weights are
taken from those very networks, and each epoch runs the engine's own code (the layers' and the
loss's forward_unchecked, f, df, MLP.gradients_unchecked and MLP.step), only on stacked arrays.
With S seeds, a Dense layer's weights become one array (S, n_inputs, n_neurons) and its biases
(S, 1, n_neurons); `inputs @ weights` is then a batched matrix product, one product per seed, and
the losses reduce over the last two axes, one value per seed. So the Python loop runs once per
epoch instead of once per epoch and seed, and the numbers are bit for bit those of MLP.fit.

A run whose loss becomes inf or NaN (where MLP.fit raises TrainingDiverged) gets np.inf from
that epoch on and stops training; the other runs go on.
"""

import copy
import numbers

import numpy as np

from ..engine.losses import loss as get_loss
from ..engine.network import MLP
from ..engine.validation import check_positive_int, check_positive_number, check_whole_number
from ..i18n import _


def check_seeds(seeds, name="seeds"):
    """Return seeds as a list of whole numbers >= 0, or raise: a non-empty list, tuple, range or 1-D array."""
    if isinstance(seeds, (numbers.Number, str, bytes)) or seeds is None:
        raise TypeError(
            _(
                "{name} must be a non-empty sequence of whole numbers, e.g. range(20), "
                "got {kind} {seeds!r}"
            ).format(name=name, kind=type(seeds).__name__, seeds=seeds)
        )
    try:
        seeds = list(seeds)
    except TypeError:
        raise TypeError(
            _(
                "{name} must be a non-empty sequence of whole numbers, e.g. range(20), got {kind}"
            ).format(name=name, kind=type(seeds).__name__)
        ) from None
    if not seeds:
        raise ValueError(
            _("{name} must hold at least one seed, e.g. range(20), got an empty sequence").format(
                name=name
            )
        )
    return [check_whole_number(seed, f"{name}[{i}]") for i, seed in enumerate(seeds)]


def build_networks(layer_sizes, seeds, activation="relu", output_activation="linear", init="he"):
    """One MLP per seed: MLP(layer_sizes, activation=..., output_activation=..., init=..., seed=s) for s in seeds."""
    return [
        MLP(
            layer_sizes,
            activation=activation,
            output_activation=output_activation,
            init=init,
            seed=seed,
        )
        for seed in check_seeds(seeds)
    ]


def run_seeds(
    layer_sizes,
    X,
    Y,
    seeds,
    *,
    epochs,
    lr,
    activation="relu",
    output_activation="linear",
    init="he",
    loss="mse",
    return_networks=False,
):
    """Train one network per seed on the same data, all at once; return the loss curves.

    layer_sizes: [n_inputs, hidden_1, ..., n_outputs], as for MLP.
    X: (batch, n_inputs); Y: (batch, n_outputs).
    seeds: a non-empty sequence of whole numbers, e.g. range(20).
    epochs, lr, loss: as for MLP.fit (full-batch gradient descent).
    activation, output_activation: names or nh.activation(...) objects, as for MLP.
    init: a name ("he", "xavier", "normal", ...) or an nh.initializer(...) object,
        e.g. nh.initializer("normal", std=0.5).

    Returns losses, an array (len(seeds), epochs): losses[i, e] is the loss of seed seeds[i] before
    the update of epoch e, the same number as MLP(..., seed=seeds[i]).fit(X, Y, ...).losses[e].
    A run whose loss becomes inf or NaN (MLP.fit would raise TrainingDiverged) holds np.inf from
    that epoch on and stops training; the others go on.
    return_networks: if True, return (losses, networks): networks[i] is seed seeds[i]'s MLP with the
    weights after the last update, as MLP(..., seed=seeds[i]).fit(...) leaves them (to test it on held-out
    data, or to draw its decision regions), or None if that run diverged.
    """
    nets = build_networks(layer_sizes, seeds, activation, output_activation, init)
    losses, trained = train_networks(nets, X, Y, epochs=epochs, lr=lr, loss=loss)
    return (losses, trained) if return_networks else losses


def train_networks(networks, X, Y, *, epochs, lr, loss="mse"):
    """Train copies of `networks` (MLPs of the same layer sizes and activations) together, as run_seeds
    does; the networks given are left as they are.

    Returns (losses (len(networks), epochs), trained networks, None where a run diverged). Full-batch
    gradient descent keeps no state besides the weights, so training a network for 100 epochs and its
    result for 50 more gives the losses and weights of 150 epochs in one go, bit for bit.
    """
    epochs = check_positive_int(epochs, "epochs")
    lr = check_positive_number(lr, "lr")
    nets = [copy.deepcopy(net) for net in networks]
    X, Y = nets[0].check_XY(X, Y)
    loss_fn = get_loss(loss)
    for net in nets:  # as MLP.fit does: the targets (and outputs) suit this loss
        loss_fn.check(net.predict(X), Y)
    stack = stacked(copy.deepcopy(nets[0]), nets)

    losses = np.empty((len(nets), epochs))
    rows = np.arange(len(nets))  # rows[k]: which network sits at position k of the stack
    with np.errstate(
        over="ignore", invalid="ignore", divide="ignore"
    ):  # divergence is marked below
        for epoch in range(epochs):  # MLP.fit's loop, on every network at once
            outputs = stack.forward_unchecked(X)
            values = loss_fn.f(outputs, Y)  # one loss per network, shape (networks,)
            finite = np.isfinite(values)
            if not finite.all():  # the diverged runs leave the stack; the others go on
                losses[rows[~finite], epoch:] = np.inf
                rows = rows[finite]
                if rows.size == 0:
                    break
                for layer in stack.dense_layers:
                    layer.weights, layer.biases = layer.weights[finite], layer.biases[finite]
                outputs = stack.forward_unchecked(X)  # the survivors' own numbers again
                values = loss_fn.f(outputs, Y)
            losses[rows, epoch] = values
            stack.gradients_unchecked(loss_fn.df(outputs, Y))
            stack.step(lr)
    trained = [None] * len(nets)  # diverged runs keep None
    for k, row in enumerate(rows):  # the stacked weights back into each network
        for layer, stacked_layer in zip(nets[row].dense_layers, stack.dense_layers):
            layer.weights, layer.biases = (
                stacked_layer.weights[k].copy(),
                stacked_layer.biases[k].copy(),
            )
        trained[row] = nets[row]
    return losses, trained


def stacked(stack, nets):
    """`stack` (an MLP shaped like the nets) made to hold all of nets at once: each Dense layer's weights
    (networks, n_inputs, n_neurons) and biases (networks, 1, n_neurons) stacked from every network in turn."""
    for i, layer in enumerate(stack.dense_layers):
        layer.weights = np.stack([net.dense_layers[i].weights for net in nets])
        layer.biases = np.stack([net.dense_layers[i].biases for net in nets])
    return stack
