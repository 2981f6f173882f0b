"""Interactive explorers built from ipywidgets.

The plot is a Matplotlib figure rendered to PNG into an Image widget, so moving a slider redraws
only that image (no flicker, no new output area) in a few tens of milliseconds.
"""
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .activations import Sigmoid
from .fallback import explorer_bundle, rgba_of
from .network import TrainingDiverged
from .plots import loss_ylim

_sigmoid = Sigmoid()._f


SHOWN_DPI = 90     # CSS pixels per inch of figure: a 6.5 in wide figure is shown 585 px wide
PIXEL_RATIO = 2    # drawn with twice as many pixels, so it is sharp on a high-density screen


class LiveFigure:
    """A Matplotlib figure shown in an Image widget; call refresh() after changing the figure.

    The first refresh lays the figure out (constrained layout); later ones keep that layout,
    because re-computing it would take most of the redraw time. The image is shown at
    shown_width CSS px (never stretched) and drawn at PIXEL_RATIO times that; first_view holds the
    pixels of the first drawing (the static picture shown while no kernel runs, nnhelpers.fallback).
    """

    def __init__(self, figsize=(6.5, 3.4)):
        self.figure = Figure(figsize=figsize, dpi=SHOWN_DPI * PIXEL_RATIO, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.shown_width = round(figsize[0] * SHOWN_DPI)
        self.image = widgets.Image(format="png", width=str(self.shown_width))
        self.first_view = None

    def png(self):
        buffer = io.BytesIO()
        # The same PNG as savefig (which would draw twice while a layout engine is set); light
        # compression, since the picture only travels to the browser on this machine.
        self.figure.canvas.print_png(buffer, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def refresh(self):
        self.image.value = self.png()
        if self.first_view is None:
            self.first_view = rgba_of(self.figure)
        self.figure.set_layout_engine("none")   # keep the layout found by the first drawing


def _signed(value):
    return f"{'+' if value >= 0 else '-'} {abs(value):.2f}"


class NeuronExplorer:
    """Sliders for the weight w and bias b of one sigmoid neuron p = sigmoid(w * x + b).

    x, y: optional data, one feature x (n,) and labels y (n,) in {0, 1}, drawn as dots.
    The dashed line is the decision threshold x = -b / w where p = 0.5; the text shows the
    equation with the current numbers and, with data, the share classified correctly.
    """

    def __init__(self, x=None, y=None, feature="z", w=1.0, b=0.0):
        self.x = None if x is None else np.asarray(x, dtype=float)
        self.y = None if y is None else np.asarray(y, dtype=float)
        if (self.x is None) != (self.y is None) or (self.x is not None and self.x.shape != self.y.shape):
            raise ValueError("x and y must be given together, as 1-D arrays of the same length, "
                             f"got shapes {np.shape(x)} and {np.shape(y)}")
        self.feature = feature
        low, high = (-6.0, 6.0) if self.x is None else (self.x.min() - 1, self.x.max() + 1)
        self.grid = np.linspace(low, high, 300)
        self.w = widgets.FloatSlider(value=w, min=-4, max=4, step=0.05, description="weight w")
        self.b = widgets.FloatSlider(value=b, min=-8, max=8, step=0.1, description="bias b")
        self.equation = widgets.HTML()
        self.live = LiveFigure()
        ax = self.ax = self.live.figure.add_subplot()
        if self.x is not None:
            jitter = np.random.default_rng(0).uniform(-0.03, 0.03, size=self.y.shape)
            ax.scatter(self.x + 2 * jitter, self.y + jitter, c=self.y, cmap="coolwarm", vmin=0, vmax=1,
                       s=14, alpha=0.6, label="emails (1 = spam)")
        (self.curve,) = ax.plot(self.grid, self.grid * 0, lw=2, color="C0", label=f"p = sigmoid(w · {feature} + b)")
        self.threshold = ax.axvline(0, color="gray", ls="--", lw=1, label="threshold (p = 0.5)")
        ax.axhline(0.5, color="gray", lw=0.5)
        ax.set(xlim=(low, high), ylim=(-0.08, 1.08), xlabel=feature, ylabel="p")
        ax.grid(alpha=0.3)
        ax.legend(loc="center right", fontsize=8)
        for slider in (self.w, self.b):
            slider.observe(lambda change: self.update(), names="value")
        self.widget = widgets.VBox([widgets.HBox([self.w, self.b]), self.equation, self.live.image])
        self.update()

    def update(self):
        """Redraw for the current slider values."""
        w, b = self.w.value, self.b.value
        self.curve.set_ydata(_sigmoid(w * self.grid + b))
        text = f"p = σ({w:.2f} · {self.feature} {_signed(b)})"
        if w != 0:
            threshold = -b / w + 0.0   # + 0.0 turns -0.0 into 0.0
            self.threshold.set_xdata([threshold, threshold])
            self.threshold.set_visible(True)
            side = ">" if w > 0 else "<"
            text += f"; p > 0.5 when {self.feature} {side} {threshold:.2f}"
        else:
            self.threshold.set_visible(False)
            text += "; with w = 0 the input has no effect"
        if self.x is not None:
            accuracy = np.mean((_sigmoid(w * self.x + b) > 0.5) == (self.y == 1))
            text += f"; classified correctly: {accuracy:.0%}"
        self.equation.value = f"<code>{text}</code>"
        self.live.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(self.widget, self.live, **kwargs)


class LearningRateExplorer:
    """A log-scale learning-rate slider over a loss curve.

    train: a function lr -> list of losses (one per epoch); it may raise TrainingDiverged.
    The curve of the starting learning rate stays in grey for comparison.
    """

    def __init__(self, train, lr=0.1, lr_min=1e-3, lr_max=10.0, log_loss=True, title="Training loss"):
        if not callable(train):
            raise TypeError(f"train must be a function lr -> list of losses, got {type(train).__name__}")
        if not 0 < lr_min <= lr <= lr_max:
            raise ValueError(f"need 0 < lr_min <= lr <= lr_max, got lr_min={lr_min}, lr={lr}, lr_max={lr_max}")
        self.train = train
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=np.log10(lr_min), max=np.log10(lr_max), step=0.05,
                                         description="learning rate", readout_format=".3g",
                                         style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        self.readout = widgets.HTML()
        self.live = LiveFigure()
        self.ax = self.live.figure.add_subplot()
        reference = self.reference = np.asarray(train(lr), dtype=float)
        self.log_loss = log_loss
        self.ax.plot(reference, color="0.7", lw=1.5, label=f"lr = {lr:.3g} (start)")
        (self.curve,) = self.ax.plot(reference, lw=2, color="C0", label="lr = slider")
        self.ax.set(xlabel="epoch", ylabel="loss", title=title)
        if log_loss:
            self.ax.set_yscale("log")
        self.ax.grid(alpha=0.3)
        self.ax.legend(loc="upper right")
        self.lr.observe(lambda change: self.update(), names="value")
        self.widget = widgets.VBox([self.lr, self.readout, self.live.image])
        self.update()

    def update(self):
        """Retrain with the slider's learning rate and redraw the curve and the readout."""
        lr = self.lr.value
        shown = [self.reference]
        try:
            losses = np.asarray(self.train(lr), dtype=float)
            text = f"lr = {lr:.3g}: loss {losses[0]:.4g} at the start, {losses[-1]:.4g} after {len(losses)} epochs"
            if losses[-1] > losses[0]:
                text += " (the loss grew: the learning rate is too large)"
            self.curve.set_data(np.arange(len(losses)), losses)
            self.curve.set_visible(True)
            shown.append(losses)
        except TrainingDiverged as error:
            text = f"lr = {lr:.3g}: {error}"
            self.curve.set_visible(False)          # nothing finite to draw
        self.curve.set_label(f"lr = {lr:.3g}")
        self.ax.legend(loc="upper right")
        self.ax.set_ylim(*loss_ylim(shown, self.log_loss))   # an exploding curve leaves the top of the plot
        self.ax.set_xlim(0, max(len(curve) for curve in shown) - 1)
        self.readout.value = f"<code>{text}</code>"
        self.live.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(self.widget, self.live, **kwargs)
