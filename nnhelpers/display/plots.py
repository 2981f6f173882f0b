"""Plotting helpers shared by the lessons. Each draws on a Matplotlib Axes and returns it."""

import matplotlib.pyplot as plt
import numpy as np

from ..engine.activations import activation
from ..i18n import _

# default titles, in the student's language (NN_LANG is read once, at import)
TRAINING_LOSS = _("Training loss")
CONFUSION_MATRIX = _("Confusion matrix")


def plot_activation(name, ax=None, z=None, derivative=True):
    """Draw activation `name` (and its derivative, dashed) over z (default -5..5)."""
    ax = ax or plt.subplots(figsize=(4, 3), layout="constrained")[1]
    z = np.linspace(-5, 5, 401) if z is None else z
    act = activation(name)
    ax.plot(z, act.forward(z), lw=2, label=name)
    if derivative:
        ax.plot(z, act.derivative(z), "--", lw=1.5, label=f"{name}'")
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.set(xlabel="z", title=name)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return ax


def _round_up(value):
    """The smallest of 1, 2, 3 and 5 times a power of ten that is at least `value` (> 0)."""
    decade = 10.0 ** np.floor(np.log10(value))
    return next(m * decade for m in (1, 2, 3, 5, 10) if m * decade >= value * (1 - 1e-12))


def loss_ylim(curves, log):
    """(bottom, top) of the y-axis for loss curves (a list of 1-D arrays; inf/NaN entries are skipped).

    The top is 3x the largest finite starting loss, so an exploding run leaves the plot instead of
    squashing the others; the bottom is 0 (or the lowest loss, if below). On a log axis, the bottom
    is half the lowest finite loss rounded down to a power of ten, and the top is rounded up to 1,
    2, 3 or 5 times one: round limits stay put while the curves change a little, and an explorer
    then redraws only its curves.
    """
    starts = [curve[0] for curve in curves if np.isfinite(curve[0])]
    top = 3 * max(starts) if starts else 1.0  # every curve diverged at once: nothing finite to show
    finite = [curve[np.isfinite(curve)] for curve in curves]
    bottom = min((values.min() for values in finite if values.size), default=top / 10)
    if log:
        return 10.0 ** np.floor(np.log10(max(bottom, 1e-12 * top) / 2)), _round_up(top)
    return min(0.0, bottom), top


def plot_losses(losses, ax=None, label=None, log=False, title=TRAINING_LOSS):
    """Draw one loss curve (a list of floats, one per epoch) against the epoch."""
    ax = ax or plt.subplots(figsize=(6, 3.5), layout="constrained")[1]
    ax.plot(np.arange(len(losses)), losses, lw=2, label=label)
    ax.set(xlabel=_("epoch"), ylabel=_("loss"), title=title)
    if log:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    if label:
        ax.legend()
    return ax


def plot_pixels(images, titles=None, shape=(5, 6), cmap="gray_r", symmetric=False, axes=None):
    """Draw each row of images (n, rows * cols) as a small picture of `shape` (default the 5x6 letters).

    symmetric: centre the colour scale on 0 (for weights, with cmap e.g. "RdBu_r").
    Returns the array of Axes.
    """
    images = np.atleast_2d(np.asarray(images, dtype=float))
    if images.shape[1] != shape[0] * shape[1]:
        raise ValueError(
            _("images must have shape (n, {size}) for pictures of shape {shape}, got {got}").format(
                size=shape[0] * shape[1], shape=shape, got=images.shape
            )
        )
    if axes is None:
        axes = plt.subplots(
            1, len(images), figsize=(1.4 * len(images), 1.6), layout="constrained", squeeze=False
        )[1]
    axes = np.ravel(axes)
    limit = np.abs(images).max() if symmetric else None
    for i, (ax, image) in enumerate(zip(axes, images)):
        if symmetric:
            ax.imshow(image.reshape(shape), cmap=cmap, vmin=-limit, vmax=limit)
        else:
            ax.imshow(image.reshape(shape), cmap=cmap, vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return axes


def plot_confusion(counts, names, ax=None, title=CONFUSION_MATRIX):
    """Draw counts (n_classes, n_classes), rows = actual class, columns = predicted, with the numbers written in."""
    counts = np.asarray(counts)
    ax = ax or plt.subplots(figsize=(3.6, 3.2), layout="constrained")[1]
    ax.imshow(counts, cmap="Blues")
    for (i, j), value in np.ndenumerate(counts):
        ax.text(
            j,
            i,
            str(value),
            ha="center",
            va="center",
            color="white" if value > counts.max() / 2 else "black",
        )
    ax.set(
        xticks=range(len(names)),
        yticks=range(len(names)),
        xticklabels=names,
        yticklabels=names,
        xlabel=_("predicted"),
        ylabel=_("actual"),
        title=title,
    )
    return ax
