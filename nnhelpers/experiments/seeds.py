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
import numbers

import numpy as np

from ..engine.losses import loss as get_loss
from ..engine.network import MLP
from ..engine.validation import check_positive_int, check_positive_number, check_whole_number


def check_seeds(seeds, name="seeds"):
    """Return seeds as a list of whole numbers >= 0, or raise: a non-empty list, tuple, range or 1-D array."""
    if isinstance(seeds, (numbers.Number, str, bytes)) or seeds is None:
        raise TypeError(f"{name} must be a non-empty sequence of whole numbers, e.g. range(20), "
                        f"got {type(seeds).__name__} {seeds!r}")
    try:
        seeds = list(seeds)
    except TypeError:
        raise TypeError(f"{name} must be a non-empty sequence of whole numbers, e.g. range(20), "
                        f"got {type(seeds).__name__}") from None
    if not seeds:
        raise ValueError(f"{name} must hold at least one seed, e.g. range(20), got an empty sequence")
    return [check_whole_number(seed, f"{name}[{i}]") for i, seed in enumerate(seeds)]


def build_networks(layer_sizes, seeds, activation="relu", output_activation="linear", init="he"):
    """One MLP per seed: MLP(layer_sizes, activation=..., output_activation=..., init=..., seed=s) for s in seeds."""
    return [MLP(layer_sizes, activation=activation, output_activation=output_activation, init=init, seed=seed)
            for seed in check_seeds(seeds)]


def run_seeds(layer_sizes, X, Y, seeds, *, epochs, lr, activation="relu", output_activation="linear",
              init="he", loss="mse", return_networks=False, should_stop=None):
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
    should_stop: a function of no arguments, called before every epoch; when it returns True, training
    is abandoned and run_seeds raises InterruptedError (the explorers train ahead with it, see
    display/training_explorer.py, and drop that work as soon as the student changes a control).
    """
    epochs = check_positive_int(epochs, "epochs")
    lr = check_positive_number(lr, "lr")
    nets = build_networks(layer_sizes, seeds, activation, output_activation, init)
    X, Y = nets[0].check_XY(X, Y)
    loss_fn = get_loss(loss)
    for net in nets:                     # as MLP.fit does: the targets (and outputs) suit this loss
        loss_fn.check(net.predict(X), Y)
    stack = stacked(nets)

    losses = np.empty((len(nets), epochs))
    rows = np.arange(len(nets))          # rows[k]: which seed sits at position k of the stack
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # divergence is marked below
        for epoch in range(epochs):      # MLP.fit's loop, on every seed at once
            if should_stop is not None and should_stop():
                raise InterruptedError(f"run_seeds: should_stop() returned True before epoch {epoch}")
            outputs = stack.forward_unchecked(X)
            values = loss_fn.f(outputs, Y)                       # one loss per seed, shape (seeds,)
            finite = np.isfinite(values)
            if not finite.all():         # the diverged seeds leave the stack; the others go on
                losses[rows[~finite], epoch:] = np.inf
                rows = rows[finite]
                if rows.size == 0:
                    break
                for layer in stack.dense_layers:
                    layer.weights, layer.biases = layer.weights[finite], layer.biases[finite]
                outputs = stack.forward_unchecked(X)              # the survivors' own numbers again
                values = loss_fn.f(outputs, Y)
            losses[rows, epoch] = values
            stack.gradients_unchecked(loss_fn.df(outputs, Y))
            stack.step(lr)
    if not return_networks:
        return losses
    survivors = {row: [(layer.weights[k], layer.biases[k]) for layer in stack.dense_layers]
                 for k, row in enumerate(rows)}
    trained = [None] * len(nets)         # diverged runs keep None
    for row, parameters in survivors.items():   # the stacked weights back into each seed's own MLP
        for layer, (weights, biases) in zip(nets[row].dense_layers, parameters):
            layer.weights, layer.biases = weights.copy(), biases.copy()
        trained[row] = nets[row]
    return losses, trained


def stacked(nets):
    """One MLP that holds all of nets at once: the first network, with each Dense layer's weights
    (seeds, n_inputs, n_neurons) and biases (seeds, 1, n_neurons) stacked from every network in turn."""
    stack = nets[0]
    for i, layer in enumerate(stack.dense_layers):
        layer.weights = np.stack([net.dense_layers[i].weights for net in nets])
        layer.biases = np.stack([net.dense_layers[i].biases for net in nets])
    return stack
