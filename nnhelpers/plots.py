"""Plotting helpers shared by the lessons. Each draws on a Matplotlib Axes and returns it."""
import matplotlib.pyplot as plt
import numpy as np

from .activations import activation


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


def plot_losses(losses, ax=None, label=None, log=False, title="Training loss"):
    """Draw one loss curve (a list of floats, one per epoch) against the epoch."""
    ax = ax or plt.subplots(figsize=(6, 3.5), layout="constrained")[1]
    ax.plot(np.arange(len(losses)), losses, lw=2, label=label)
    ax.set(xlabel="epoch", ylabel="loss", title=title)
    if log:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)
    if label:
        ax.legend()
    return ax
