"""NeuronExplorer: sliders for the weight and bias of one sigmoid neuron (lesson 01)."""

import ipywidgets as widgets
import numpy as np

from ..engine.activations import Sigmoid
from ..i18n import _
from .explorer_core import Explorer

_sigmoid = Sigmoid().f


def _signed(value):
    return f"{'+' if value >= 0 else '-'} {abs(value):.2f}"


class NeuronExplorer(Explorer):
    """Sliders for the weight w and bias b of one sigmoid neuron p = sigmoid(w * x + b).

    x, y: optional data, one feature x (n,) and labels y (n,) in {0, 1}, drawn as dots.
    The dashed line is the decision threshold x = -b / w where p = 0.5; the text shows the
    equation with the current numbers and, with data, the share classified correctly.
    """

    def __init__(self, x=None, y=None, feature="z", w=1.0, b=0.0):
        self.x = None if x is None else np.asarray(x, dtype=float)
        self.y = None if y is None else np.asarray(y, dtype=float)
        if (self.x is None) != (self.y is None) or (
            self.x is not None and self.x.shape != self.y.shape
        ):
            raise ValueError(
                _(
                    "x and y must be given together, as 1-D arrays of the same length, "
                    "got shapes {x} and {y}"
                ).format(x=np.shape(x), y=np.shape(y))
            )
        self.feature = feature
        low, high = (-6.0, 6.0) if self.x is None else (self.x.min() - 1, self.x.max() + 1)
        self.grid = np.linspace(low, high, 300)
        self.w = widgets.FloatSlider(value=w, min=-4, max=4, step=0.05, description=_("weight w"))
        self.b = widgets.FloatSlider(value=b, min=-8, max=8, step=0.1, description=_("bias b"))
        super().__init__([self.w, self.b], figsize=(6.5, 3.4))
        ax = self.ax = self.live.figure.add_subplot()
        if self.x is not None:
            jitter = np.random.default_rng(0).uniform(-0.03, 0.03, size=self.y.shape)
            ax.scatter(
                self.x + 2 * jitter,
                self.y + jitter,
                c=self.y,
                cmap="coolwarm",
                vmin=0,
                vmax=1,
                s=14,
                alpha=0.6,
                label=_("emails (1 = spam)"),
            )
        (self.curve,) = ax.plot(
            self.grid, self.grid * 0, lw=2, color="C0", label=f"p = sigmoid(w · {feature} + b)"
        )
        self.threshold = ax.axvline(0, color="gray", ls="--", lw=1, label=_("threshold (p = 0.5)"))
        ax.axhline(0.5, color="gray", lw=0.5)
        ax.set(xlim=(low, high), ylim=(-0.08, 1.08), xlabel=feature, ylabel="p")
        ax.grid(alpha=0.3)
        ax.legend(loc="center right", fontsize=8)
        self.live.animate(
            self.curve, self.threshold
        )  # the rest of the plot never changes: drawn once
        self.watch(self.w, self.b)
        self.update()

    def update(self):
        """Redraw for the current slider values."""
        w, b = self.w.value, self.b.value
        self.curve.set_ydata(_sigmoid(w * self.grid + b))
        text = f"p = σ({w:.2f} · {self.feature} {_signed(b)})"
        if w != 0:
            threshold = -b / w + 0.0  # + 0.0 turns -0.0 into 0.0
            self.threshold.set_xdata([threshold, threshold])
            self.threshold.set_visible(True)
            side = ">" if w > 0 else "<"
            text += _("; p > 0.5 when {feature} {side} {threshold:.2f}").format(
                feature=self.feature, side=side, threshold=threshold
            )
        else:
            self.threshold.set_visible(False)
            text += _("; with w = 0 the input has no effect")
        if self.x is not None:
            accuracy = np.mean((_sigmoid(w * self.x + b) > 0.5) == (self.y == 1))
            text += _("; classified correctly: {accuracy:.0%}").format(accuracy=accuracy)
        self.readout.value = f"<code>{text}</code>"
        self.live.refresh()
