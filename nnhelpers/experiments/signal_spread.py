"""How big the signals are, layer by layer: vanishing and exploding activations and gradients.

    nh.activation_spread([100] * 8 + [10], X, activation="tanh", init="normal")   # (8,): std per layer
    nh.gradient_spread(net, X, Y, loss="mse")                                       # (n_layers,)

With a badly scaled initialization, the standard deviation of the activations shrinks (vanishes)
or grows (explodes) by about the same factor at every layer; with Xavier (tanh) or He (ReLU) it
stays about the same from the first layer to the last.
"""

import numpy as np

from ..engine.losses import loss as get_loss
from ..engine.network import MLP
from ..i18n import _
from .seeds import build_networks, check_seeds


def _networks(net, activation, output_activation, init, seed):
    """(networks, one_seed): net itself, or the MLPs built from layer sizes for one seed or a sequence of seeds."""
    if isinstance(net, MLP):
        return [net], True
    if not isinstance(net, (list, tuple)):
        raise TypeError(
            _(
                "net must be an MLP or a list of layer sizes [n_inputs, ..., n_outputs], got {kind}"
            ).format(kind=type(net).__name__)
        )
    one_seed = not hasattr(seed, "__iter__")
    seeds = check_seeds([seed] if one_seed else seed, "seed")
    return build_networks(net, seeds, activation, output_activation, init), one_seed


def activation_spread(net, X, *, activation="relu", output_activation="linear", init="he", seed=0):
    """The standard deviation of each layer's outputs (after its activation) for the inputs X.

    net: an MLP, or layer sizes [n_inputs, ..., n_outputs]: then the network is
        MLP(net, activation=activation, output_activation=output_activation, init=init, seed=seed),
        and seed may also be a sequence of seeds (one network each).
    X: (batch, n_inputs).
    Returns an array (n_layers,), n_layers = number of Dense layers = len(layer_sizes) - 1: entry l is
    the standard deviation over the batch and the units of layer l's outputs, the last entry being the
    network's outputs. With a sequence of seeds: (len(seeds), n_layers), one row per seed.
    Nothing is trained and no layer's stored inputs change.
    """
    nets, one_seed = _networks(net, activation, output_activation, init, seed)
    X = nets[0].check_X(X)
    rows = []
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # an exploding signal shows as inf, not as warnings
        for network in nets:
            rows.append(
                [np.std(out) for out in network.layer_outputs(X)[1::2]]
            )  # after each activation
    result = np.array(rows, dtype=np.float64)
    return result[0] if one_seed else result


def gradient_spread(
    net, X, Y, *, loss="mse", activation="relu", output_activation="linear", init="he", seed=0
):
    """The standard deviation of each Dense layer's weight gradient d loss / d weights, for one batch.

    net, X, activation, output_activation, init, seed: as for activation_spread.
    Y: (batch, n_outputs); loss: as for MLP.fit.
    Returns an array (n_layers,) (or (len(seeds), n_layers)): entry l is the standard deviation of
    the entries of layer l's dweights (n_inputs, n_neurons) after one forward and backward pass. Tiny
    values in the first layers are vanishing gradients. No weights change; net's stored inputs and
    gradients are overwritten by this pass.
    """
    nets, one_seed = _networks(net, activation, output_activation, init, seed)
    X, Y = nets[0].check_XY(X, Y)
    loss_fn = get_loss(loss)
    rows = []
    with np.errstate(over="ignore", invalid="ignore"):
        for network in nets:
            network.backward(loss_fn.gradient(network.forward(X), Y))
            rows.append([np.std(dense.dweights) for dense in network.dense_layers])
    result = np.array(rows, dtype=np.float64)
    return result[0] if one_seed else result
