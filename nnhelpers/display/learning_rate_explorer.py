"""LearningRateExplorer: a log-scale learning-rate slider over a loss curve (and, on a 2-D task, the
decision regions of the trained network beside it).

    nh.LearningRateExplorer(lambda lr: net_for(lr).fit(X, Y, epochs=1000, lr=lr).losses)
    nh.LearningRateExplorer(train, X=X_xor, Y=Y_xor)   # train(lr) -> (losses, the trained MLP)
"""
import threading

import ipywidgets as widgets
import numpy as np

from ..engine.network import TrainingDiverged
from .fallback import explorer_bundle
from .live_figure import LiveFigure
from .plots import loss_ylim
from .regions import DecisionRegions


class LearningRateExplorer:
    """A log-scale learning-rate slider over a loss curve.

    train: a function lr -> list of losses (one per epoch), or lr -> (losses, the trained network);
    it may raise TrainingDiverged. The curve of the starting learning rate stays in grey for comparison.
    X (batch, 2), Y (batch, n_outputs): the points of a 2-D task; with them (and a train that returns
    the network) the decision regions are drawn beside the loss curve and redrawn with it.
    Each learning rate is trained once; while the student looks, the rates one slider step either way
    are trained ahead in a background thread (prefetch=False: never; train must then only be safe to
    call from another thread, as a function that builds its own network is).
    """

    def __init__(self, train, lr=0.1, lr_min=1e-3, lr_max=10.0, log_loss=True, title="Training loss", X=None,
                 Y=None, prefetch=True):
        if not callable(train):
            raise TypeError(f"train must be a function lr -> list of losses, got {type(train).__name__}")
        if not 0 < lr_min <= lr <= lr_max:
            raise ValueError(f"need 0 < lr_min <= lr <= lr_max, got lr_min={lr_min}, lr={lr}, lr_max={lr_max}")
        if (X is None) != (Y is None):
            raise ValueError("X and Y (the points for the decision regions) must be given together, got only "
                             + ("X" if Y is None else "Y"))
        self.train, self.prefetch = train, bool(prefetch)
        self._results, self._pending, self._lock = {}, {}, threading.Lock()   # lr -> what train(lr) gave
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=np.log10(lr_min), max=np.log10(lr_max), step=0.05,
                                         description="learning rate", readout_format=".3g",
                                         style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=(6.5, 3.4) if X is None else (9.4, 3.4))
        if X is None:
            self.ax, self.regions = self.live.figure.add_subplot(), None
        else:
            self.ax, regions_ax = self.live.figure.subplots(1, 2, width_ratios=[2.1, 1])
            self.regions = DecisionRegions(regions_ax, X, Y)
        reference = self.reference = self._losses(self._trained(lr))
        self.log_loss = log_loss
        self.ax.plot(reference, color="0.7", lw=1.5, label=f"lr = {lr:.3g} (start)")
        (self.curve,) = self.ax.plot(reference, lw=2, color="C0", label="lr = slider")
        self.ax.set(xlabel="epoch", ylabel="loss", title=title)
        if log_loss:
            self.ax.set_yscale("log")
        self.ax.grid(alpha=0.3)
        self.legend = self.ax.legend(loc="upper right")
        # Blitting: the axes, ticks and points are drawn once; a redraw draws only what follows the slider,
        # onto that background, unless the y-range changed (see update)
        animated = [self.curve, self.legend]
        if self.regions is not None:
            animated += self.regions.changing()
        self.live.animate(*animated)
        self._limits = None
        self.lr.observe(self._moved, names="value")
        self.widget = widgets.VBox([self.lr, self.readout, self.live.image])
        self.update()

    def _trained(self, lr):
        """What train(lr) returns (it raises what train raised), each rate trained once. A log slider's value
        is 10 ** position computed in the browser: rounded to 10 digits, the same step gives the same key."""
        lr = float(f"{lr:.10g}")
        while True:
            with self._lock:
                if lr in self._results:
                    kind, result = self._results[lr]
                    break
                waiting = self._pending.get(lr)
                if waiting is None:
                    self._pending[lr] = threading.Event()
            if waiting is not None:
                waiting.wait()                   # being trained ahead: wait for it
                continue
            try:
                kind, result = "returned", self.train(lr)
            except TrainingDiverged as error:
                kind, result = "raised", error
            finally:
                with self._lock:
                    if "kind" in locals():
                        self._results[lr] = (kind, result)
                    self._pending.pop(lr).set()
            break
        if kind == "raised":
            raise result
        return result

    def _moved(self, change):
        self._student_here = True      # from now on, train ahead (not while the notebook merely runs)
        self.update()

    def _train_ahead(self):
        """Train the rates one slider step either way in a background thread."""
        exponent, step = np.log10(self.lr.value), self.lr.step
        rates = [10 ** e for e in (exponent + step, exponent - step) if self.lr.min - 1e-9 <= e <= self.lr.max + 1e-9]
        generation = self._generation = getattr(self, "_generation", 0) + 1

        def work():
            for rate in rates:
                if self._generation != generation:
                    return
                try:
                    self._trained(rate)
                except Exception:                # shown (or raised) when the student gets there
                    pass
        if self.prefetch and getattr(self, "_student_here", False):
            threading.Thread(target=work, daemon=True, name="LearningRateExplorer prefetch").start()

    def _losses(self, trained):
        """What train(lr) returned -> the losses as an array; keeps the network (if any) as self.network."""
        self.network = None
        if isinstance(trained, tuple) and len(trained) == 2:
            trained, self.network = trained
        return np.asarray(trained, dtype=float)

    def update(self):
        """Retrain with the slider's learning rate and redraw the curve and the readout."""
        lr = self.lr.value
        shown = [self.reference]
        try:
            losses = self._losses(self._trained(lr))
            text = f"lr = {lr:.3g}: loss {losses[0]:.4g} at the start, {losses[-1]:.4g} after {len(losses)} epochs"
            if losses[-1] > losses[0]:
                text += " (the loss grew: the learning rate is too large)"
            self.curve.set_data(np.arange(len(losses)), losses)
            self.curve.set_visible(True)
            shown.append(losses)
        except TrainingDiverged as error:
            text = f"lr = {lr:.3g}: {error}"
            self.curve.set_visible(False)          # nothing finite to draw
            self.network = None
        self.curve.set_label(f"lr = {lr:.3g}")
        self.legend.get_texts()[1].set_text(f"lr = {lr:.3g}")
        limits = (loss_ylim(shown, self.log_loss), max(len(curve) for curve in shown) - 1)
        if limits != self._limits:               # new ticks: the background is drawn again
            self.ax.set_ylim(*limits[0])         # an exploding curve leaves the top of the plot
            self.ax.set_xlim(0, limits[1])
            self.live.animate(*self.live.animated)
            self._limits = limits
        if self.regions is not None:
            self.regions.update(self.network, "training diverged" if not self.curve.get_visible() else
                                "no network: train(lr) returned only the losses")
        self.readout.value = f"<code>{text}</code>"
        self.live.refresh()
        self._train_ahead()

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(self.widget, self.live, **kwargs)
