"""Train the same network from many seeds at once: one loss curve per seed.

    losses = run_seeds([30, 8, 3], X, Y, seeds=range(20), epochs=300, lr=0.1, init="he")
    losses.shape        # (20, 300); losses[i] is the curve of seed i

Row i equals MLP(layer_sizes, ..., seed=seeds[i]).fit(X, Y, ...).losses: the initial weights are
taken from those very networks, and every step does the same arithmetic, only on stacked arrays.
With S seeds, a Dense layer's weights become one array (S, n_inputs, n_neurons) and its biases
(S, 1, n_neurons); `inputs @ weights` is then a batched matrix product, one product per seed,
so the Python loop runs once per epoch instead of once per epoch and seed.

A run whose loss becomes inf or NaN (where MLP.fit raises TrainingDiverged) gets np.inf from
that epoch on and stops training; the other runs go on.
"""
import numbers

import numpy as np

from ..engine.activations import Sigmoid, Tanh
from ..engine.losses import BinaryCrossEntropy, CrossEntropy, HalfSSE, MSE
from ..engine.losses import loss as get_loss
from ..engine.network import MLP
from ..engine.validation import check_positive_int, check_positive_number


def _softmax_rows(logits):
    """Softmax over the last axis: (seeds, batch, n_classes) -> the same shape, each row summing to 1."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _per_seed_sum(values):
    """values (seeds, batch, n) -> (seeds,): the sum of each seed's block, added in the same order as np.sum
    adds one (batch, n) block (both add the contiguous block as one row)."""
    return values.reshape(values.shape[0], -1).sum(axis=1)


# Stacked forms of the losses: out and Y broadcast as (seeds, batch, n_outputs) and (batch, n_outputs);
# each value is per seed, shape (seeds,); each gradient is shaped like out. Same formulas as losses.py.
def _mse(out, Y):
    diff = out - Y
    return _per_seed_sum(diff ** 2) / Y.size, lambda: 2.0 * diff / Y.size


def _half_sse(out, Y):
    diff = out - Y
    return 0.5 * _per_seed_sum(diff ** 2), lambda: diff


def _cross_entropy(out, Y):
    shifted = out - out.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return -_per_seed_sum(Y * log_probs) / Y.shape[0], lambda: (_softmax_rows(out) - Y) / Y.shape[0]


def _binary_cross_entropy(out, Y):
    p = np.clip(out, BinaryCrossEntropy.EPS, 1 - BinaryCrossEntropy.EPS)
    terms = Y * np.log(p) + (1 - Y) * np.log(1 - p)
    return -_per_seed_sum(terms) / Y.size, lambda: (p - Y) / (p * (1 - p)) / Y.size


_STACKED_LOSSES = {MSE: _mse, HalfSSE: _half_sse, CrossEntropy: _cross_entropy,
                   BinaryCrossEntropy: _binary_cross_entropy}


def _stacked_loss(loss_fn):
    """(out, Y) -> (values (seeds,), gradient thunk) for loss_fn; any other Loss runs its own code seed by seed."""
    if type(loss_fn) in _STACKED_LOSSES:
        return _STACKED_LOSSES[type(loss_fn)]

    def per_seed(out, Y):
        values = np.array([loss_fn._value(o, Y) for o in out], dtype=np.float64)
        return values, lambda: np.stack([loss_fn._gradient(o, Y) for o in out])
    return per_seed


# Derivatives that the activation's own output gives directly: the same numbers as _df(z), whose
# formulas they copy (Tanh._df = 1 - tanh(z)**2, Sigmoid._df = s * (1 - s)), without a second tanh or exp.
_DERIVATIVE_FROM_OUTPUT = {Tanh: lambda a: 1.0 - a ** 2, Sigmoid: lambda a: a * (1.0 - a)}


def _derivative(function, z, a):
    """function'(z) for z (any shape) and its output a = function(z)."""
    from_output = _DERIVATIVE_FROM_OUTPUT.get(type(function))
    return function._df(z) if from_output is None else from_output(a)


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
    for i, seed in enumerate(seeds):
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"{name}[{i}] must be a whole number >= 0, got {type(seed).__name__} {seed!r}")
        if seed < 0:
            raise ValueError(f"{name}[{i}] must be a whole number >= 0, got {seed}")
    return [int(seed) for seed in seeds]


def build_networks(layer_sizes, seeds, activation="relu", output_activation="linear", init="he"):
    """One MLP per seed: MLP(layer_sizes, activation=..., output_activation=..., init=..., seed=s) for s in seeds."""
    return [MLP(layer_sizes, activation=activation, output_activation=output_activation, init=init, seed=seed)
            for seed in check_seeds(seeds)]


def run_seeds(layer_sizes, X, Y, seeds, *, epochs, lr, activation="relu", output_activation="linear",
              init="he", loss="mse", return_networks=False):
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
    weights after the last update (to test it on held-out data), or None if that run diverged.
    """
    epochs = check_positive_int(epochs, "epochs")
    lr = check_positive_number(lr, "lr")
    nets = build_networks(layer_sizes, seeds, activation, output_activation, init)
    X, Y = nets[0]._check_XY(X, Y)
    loss_fn = get_loss(loss)
    for net in nets:                     # as MLP.fit does: the targets (and outputs) suit this loss
        loss_fn._check(net.predict(X), Y)
    stacked_loss = _stacked_loss(loss_fn)
    functions = [layer.activation for layer in nets[0].layers[1::2]]
    weights = [np.stack([net.layers[2 * i].weights for net in nets]) for i in range(len(functions))]
    biases = [np.stack([net.layers[2 * i].biases for net in nets]) for i in range(len(functions))]

    losses = np.empty((len(nets), epochs))
    rows = np.arange(len(nets))          # rows[k]: which seed sits at position k of the stacks
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # divergence is marked below
        for epoch in range(epochs):
            inputs, pre = _forward(X, weights, biases, functions)
            values, gradient = stacked_loss(inputs[-1], Y)
            finite = np.isfinite(values)
            if not finite.all():
                losses[rows[~finite], epoch:] = np.inf
                rows = rows[finite]
                if rows.size == 0:
                    break
                weights = [w[finite] for w in weights]
                biases = [b[finite] for b in biases]
                inputs, pre = _forward(X, weights, biases, functions)   # the survivors' own numbers again
                values, gradient = stacked_loss(inputs[-1], Y)
            losses[rows, epoch] = values
            dvalues = gradient()
            for i in reversed(range(len(weights))):
                dvalues = dvalues * _derivative(functions[i], pre[i], inputs[i + 1])   # ActivationLayer._backward
                dweights = np.swapaxes(inputs[i], -1, -2) @ dvalues       # Dense._backward, seed by seed
                dbiases = dvalues.sum(axis=-2, keepdims=True)
                if i > 0:
                    dvalues = dvalues @ np.swapaxes(weights[i], -1, -2)
                weights[i] -= lr * dweights                               # MLP.step
                biases[i] -= lr * dbiases
    if not return_networks:
        return losses
    trained = [None] * len(nets)
    for k, row in enumerate(rows):       # the survivors: their stacked weights back into their own MLP
        for i in range(len(weights)):
            nets[row].layers[2 * i].weights = weights[i][k].copy()
            nets[row].layers[2 * i].biases = biases[i][k].copy()
        trained[row] = nets[row]
    return losses, trained


def _forward(X, weights, biases, functions):
    """inputs[i]: what Dense layer i receives (inputs[0] = X, inputs[-1] = the outputs); pre[i]: its z."""
    inputs, pre = [X], []
    for w, b, f in zip(weights, biases, functions):
        pre.append(inputs[-1] @ w + b)
        inputs.append(f._f(pre[-1]))
    return inputs, pre
