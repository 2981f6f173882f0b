"""A training explorer for lessons 05-07: change a setting, see the loss curve retrain at once.

    explorer = nh.TrainingExplorer()                       # the letters task, [30, 8, 3], ReLU, He, lr 0.1
    explorer                                               # as a cell's last line: the controls and the plot
    nh.TrainingExplorer(X, Y, loss="cross_entropy", depth=2, controls=("init", "init_scale", "band"))

Controls (also attributes, so code and tests can set them): lr (log slider), init (dropdown),
init_scale (log slider, see scaled_initializer), activation (dropdown), hidden (units per hidden
layer), epochs, seed, band (checkbox: also train n_band_seeds seeds and draw their median and the
band of the middle half). The grey curve is the run of the starting settings, for comparison.
On a 2-D task (X with 2 columns) the decision regions of the current seed's network are drawn beside
the loss curve (regions=False leaves them out).
Each (settings, seed) is trained once (explorer_core.RunCache): going back to a setting seen before
redraws at once, and a new number of epochs trains the runs on from where they stopped (or slices them).
After each change, while the student looks, the kernel trains ahead the settings one change away.
"""

import html

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import FuncFormatter, LogFormatterSciNotation, LogLocator, NullLocator

from ..data.letter_bitmaps import letters
from ..engine.activations import ACTIVATIONS
from ..engine.initializers import INITIALIZERS
from ..engine.validation import (
    as_float_array,
    check_choice,
    check_positive_int,
    check_positive_number,
)
from ..experiments.init_scale import scaled_initializer
from ..experiments.seed_stats import divergence_epochs, outcomes, quantiles
from ..experiments.seeds import build_networks, train_networks
from ..i18n import _, language
from .explorer_core import Explorer, RunCache
from .plots import TRAINING_LOSS, loss_ylim
from .regions import DecisionRegions

INIT_NAMES = ["zeros", "constant", "normal", "uniform", "xavier", "he"]
ACTIVATION_NAMES = ["relu", "leaky_relu", "sigmoid", "tanh", "linear"]
CONTROLS = ("lr", "init", "init_scale", "activation", "hidden", "epochs", "seed", "band")
SAVES_PER_RUN = (
    30  # with an epochs control: each run's weights are saved about this often (RunCache)
)
_PLAIN = FuncFormatter(lambda value, position: f"{value:g}")  # 0.5, 2, 1e-05
# room for the controls' names: "learning rate" in English, longer in other languages
_DESCRIPTION_WIDTH = "95px" if language() == "en" else "150px"


def _wide():
    """Style and layout of one control (a new Layout widget for each control)."""
    return {
        "style": {"description_width": _DESCRIPTION_WIDTH},
        "layout": widgets.Layout(width="330px"),
    }


def _check_range(value, low, high, name):
    if not low <= value <= high:
        raise ValueError(
            _("{name} must be from {low:g} to {high:g} (the slider's range), got {value:g}").format(
                name=name, low=low, high=high, value=value
            )
        )
    return value


def _finite_or_nan(curve):
    """inf -> NaN, so that a line simply stops where a run diverged; huge values are capped at 1e200 (far off
    any plot), which Matplotlib's log scale handles without overflow."""
    return np.where(np.isfinite(curve), np.minimum(curve, 1e200), np.nan)


def _show(artist, visible, label):
    """Show or hide an artist; a hidden one also leaves the legend (a label starting with _ is skipped)."""
    artist.set_visible(visible)
    artist.set_label(label if visible else "_" + label)


class TrainingExplorer(Explorer):
    """Sliders and dropdowns for one network's training settings over a live loss curve.

    X (batch, n_inputs), Y (batch, n_outputs): the task (default: nh.letters()).
    The network is MLP([n_inputs] + [hidden] * depth + [n_outputs], activation, output_activation,
    init=scaled_initializer(init, init_scale), seed), trained with MLP.fit(X, Y, epochs, lr, loss)
    (through train_networks, as run_seeds does: a diverged run is shown, not raised).
    Starting values: hidden, lr, init, init_scale, activation, epochs, seed, band. n_band_seeds: how many seeds the band uses (seed,
    seed + 1, ...). threshold: a target loss, drawn dashed and reported. controls: which controls to
    show, a subset of CONTROLS in any order (all exist as attributes either way). regions: draw the
    decision regions beside the loss curve (default: when X has 2 columns; True needs 2 columns).
    title: the plot's title, a format string of the controls' values, redrawn with them, e.g.
    "Letters, lr {lr:.3g}" (names: CONTROLS).
    Attributes for code and tests: the controls, readout (HTML), image (the PNG Image widget), live
    (its LiveFigure), ax, losses (the current seed's curve), band_losses ((n_band_seeds, epochs) or None),
    regions (the DecisionRegions, or None), network (the current seed's trained MLP, or None if it diverged).
    """

    def __init__(
        self,
        X=None,
        Y=None,
        *,
        hidden=8,
        depth=1,
        lr=0.1,
        init="he",
        init_scale=1.0,
        activation="relu",
        epochs=200,
        seed=0,
        band=False,
        n_band_seeds=20,
        output_activation="linear",
        loss="mse",
        threshold=None,
        log_loss=True,
        lr_min=1e-3,
        lr_max=10.0,
        max_hidden=32,
        max_epochs=1000,
        max_seed=99,
        controls=CONTROLS,
        title=TRAINING_LOSS,
        regions=None,
    ):
        if (X is None) != (Y is None):
            raise ValueError(
                _(
                    "X and Y must be given together (or neither, for the letters task), "
                    "got X={x} and Y={y}"
                ).format(
                    x="None" if X is None else _("an array"),
                    y="None" if Y is None else _("an array"),
                )
            )
        if X is None:
            X, Y, _names = letters()
        self.X, self.Y = as_float_array(X, "X", ndim=2), as_float_array(Y, "Y", ndim=2)
        if self.Y.shape[0] != self.X.shape[0]:
            raise ValueError(
                _("Y must have one row per row of X ({n}), got shape {shape}").format(
                    n=self.X.shape[0], shape=self.Y.shape
                )
            )
        self.depth = check_positive_int(depth, "depth")
        self.n_band_seeds = check_positive_int(n_band_seeds, "n_band_seeds")
        self.output_activation, self.loss, self.log_loss = output_activation, loss, bool(log_loss)
        self.threshold = (
            None if threshold is None else check_positive_number(threshold, "threshold")
        )
        lr_min, lr_max = (
            check_positive_number(lr_min, "lr_min"),
            check_positive_number(lr_max, "lr_max"),
        )
        _check_range(check_positive_number(lr, "lr"), lr_min, lr_max, "lr")
        _check_range(check_positive_number(init_scale, "init_scale"), 0.01, 100.0, "init_scale")
        _check_range(
            check_positive_int(hidden, "hidden"),
            1,
            check_positive_int(max_hidden, "max_hidden"),
            "hidden",
        )
        _check_range(
            check_positive_int(epochs, "epochs"),
            10,
            check_positive_int(max_epochs, "max_epochs"),
            "epochs",
        )
        if (
            isinstance(seed, bool)
            or not isinstance(seed, (int, np.integer))
            or not 0 <= seed <= max_seed
        ):
            raise ValueError(
                _("seed must be a whole number from 0 to max_seed={most}, got {seed!r}").format(
                    most=max_seed, seed=seed
                )
            )
        check_choice(init, INITIALIZERS, "init")
        check_choice(activation, ACTIVATIONS, "activation")
        if isinstance(controls, str) or not all(c in CONTROLS for c in controls):
            raise ValueError(
                _("controls must be a sequence of names from {names}, got {controls!r}").format(
                    names=list(CONTROLS), controls=controls
                )
            )
        if regions not in (None, True, False):
            raise ValueError(
                _("regions must be True, False or None (2-D tasks only), got {regions!r}").format(
                    regions=regions
                )
            )
        if regions and self.X.shape[1] != 2:
            raise ValueError(
                _("regions=True needs a 2-D task, X of shape (batch, 2), got shape {shape}").format(
                    shape=self.X.shape
                )
            )
        show_regions = self.X.shape[1] == 2 if regions is None else regions

        # Sliders retrain when released, not on every pixel of a drag: each retraining takes a moment.
        self.lr = widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=np.log10(lr_min),
            max=np.log10(lr_max),
            step=0.05,
            description=_("learning rate"),
            readout_format=".3g",
            continuous_update=False,
            **_wide(),
        )
        self.init = widgets.Dropdown(
            options=INIT_NAMES, value=init, description=_("init"), **_wide()
        )
        self.init_scale = widgets.FloatLogSlider(
            value=init_scale,
            base=10,
            min=-2,
            max=2,
            step=0.05,
            description=_("init scale"),
            readout_format=".3g",
            continuous_update=False,
            **_wide(),
        )
        self.activation = widgets.Dropdown(
            options=ACTIVATION_NAMES, value=activation, description=_("activation"), **_wide()
        )
        self.hidden = widgets.IntSlider(
            value=hidden,
            min=1,
            max=max_hidden,
            description=_("hidden units"),
            continuous_update=False,
            **_wide(),
        )
        # steps of 10 epochs, coarser for long budgets (lesson 07 goes to thousands): about 100 to 200 steps
        self.epochs = widgets.IntSlider(
            value=epochs,
            min=10,
            max=max_epochs,
            step=10 * max(1, max_epochs // 2000),
            description=_("epochs"),
            continuous_update=False,
            **_wide(),
        )
        self.seed = widgets.IntSlider(
            value=seed,
            min=0,
            max=max_seed,
            description=_("seed"),
            continuous_update=False,
            **_wide(),
        )
        self.band = widgets.Checkbox(
            value=bool(band),
            description=_("band over {n} seeds").format(n=self.n_band_seeds),
            indent=False,
        )
        shown = [getattr(self, name) for name in controls]
        boxes = widgets.GridBox(
            shown, layout=widgets.Layout(grid_template_columns="repeat(2, 340px)")
        )
        super().__init__(shown, (10.4, 3.6) if show_regions else (7, 3.6), box=boxes)
        self.ax = self.live.figure.add_subplot()
        # Fixed margins instead of the layout of the first drawing: the tick labels change width (1, 1e-10).
        self.live.figure.set_layout_engine("none")
        # left, bottom, width, height, as figure fractions; the regions' axes are square, with room
        # below for their key
        self.ax.set_position(
            [0.078, 0.22, 0.57, 0.69] if show_regions else [0.115, 0.14, 0.865, 0.77]
        )
        self.regions = None
        if show_regions:
            self.regions = DecisionRegions(
                self.live.figure.add_axes([0.725, 0.22, 0.24, 0.69]), self.X, self.Y
            )

        self.losses, self.band_losses, self.network = None, None, None
        self._frame = None  # the axes' limits and ticks the picture's background was drawn with
        # with an epochs control, the weights are saved every `every` epochs (a multiple of its step)
        step = self.epochs.step
        every = (
            step * -(-max_epochs // (SAVES_PER_RUN * step))
            if self.epochs in self.controls
            else None
        )
        self.runs = RunCache(self._train_runs, every=every)
        self.reference = self._train([seed])[0]  # the starting settings, drawn in grey
        (self._reference_line,) = self.ax.plot(
            _finite_or_nan(self.reference), color="0.7", lw=1.5, label=_("start settings")
        )
        (self._median_line,) = self.ax.plot([], [], color="C1", lw=1.5, ls="--")
        (self._curve,) = self.ax.plot([], [], color="C0", lw=2)
        (self._marks,) = self.ax.plot(
            [],
            [],
            "x",
            color="C3",
            ms=7,
            mew=1.5,
            transform=self.ax.get_xaxis_transform(),
            clip_on=False,
        )
        self._band_fill = self._target_line = None
        if self.threshold is not None:
            self._target_line = self.ax.axhline(
                self.threshold,
                color="0.3",
                ls="--",
                lw=1,
                label=_("target {threshold:g}").format(threshold=self.threshold),
            )
        if self.log_loss:
            self.ax.set_yscale("log")
            self.ax.yaxis.set_minor_locator(
                NullLocator()
            )  # minor log ticks would double the drawing time
        self.ax.set(xlabel=_("epoch"), ylabel=_("loss"))
        self.title = title
        self.ax.grid(alpha=0.3)
        self.watch(*(getattr(self, name) for name in CONTROLS))
        self.update()

    def layer_sizes(self):
        """[n_inputs, hidden, ..., hidden, n_outputs] for the current hidden-units control."""
        return self._run_settings(self._settings(self._values()))[0]

    def initializer(self):
        """The initializer of the current init and init-scale controls."""
        return self._run_settings(self._settings(self._values()))[1]["init"]

    def _values(self):
        """The current value of every control, by name."""
        return {name: getattr(self, name).value for name in CONTROLS}

    @staticmethod
    def _settings(values):
        """The key of a run in the cache: the control values that change training, but the epochs and the seed.
        A log slider's value is 10 ** position, computed in the browser: rounded to 10 digits, the same step
        gives the same key."""
        lr, scale = (float(f"{values[name]:.10g}") for name in ("lr", "init_scale"))
        return (lr, values["init"], scale, values["activation"], values["hidden"])

    def _run_settings(self, settings):
        """(layer sizes, the keyword arguments of build_networks and train_networks) for a cache key."""
        lr, init, scale, activation, hidden = settings
        sizes = [self.X.shape[1]] + [hidden] * self.depth + [self.Y.shape[1]]
        return sizes, dict(lr=lr, activation=activation, init=scaled_initializer(init, scale))

    def _train_runs(self, settings, seeds, networks, epochs):
        """RunCache's train: networks (None: the seed's new MLP) trained on for `epochs` epochs."""
        sizes, kwargs = self._run_settings(settings)
        new = iter(
            build_networks(
                sizes,
                [s for s, net in zip(seeds, networks) if net is None],
                kwargs["activation"],
                self.output_activation,
                kwargs["init"],
            )
            if None in networks
            else []
        )
        networks = [next(new) if net is None else net for net in networks]
        return train_networks(
            networks, self.X, self.Y, epochs=epochs, lr=kwargs["lr"], loss=self.loss
        )

    def _train(self, seeds):
        """The loss curves (len(seeds), epochs) of the current settings; sets self.network to the trained
        network of seeds[0] (None if it diverged)."""
        values = self._values()
        runs, networks = self.runs.get(self._settings(values), seeds, values["epochs"])
        self.network = networks[0]
        return runs

    def _seeds(self, values):
        """The seeds drawn for control values `values`: the seed, and with the band, the ones after it."""
        seed = values["seed"]
        return list(range(seed, seed + self.n_band_seeds)) if values["band"] else [seed]

    def neighbors(self):
        """Explorer's, but with the largest number of epochs (the End key) third: the runs shown,
        trained on to max_epochs, take the longest to train when asked for, and are likely asked."""
        near = super().neighbors()
        end = (self.epochs, self.epochs.max)
        if end in near:
            near.remove(end)
            near.insert(2, end)
        return near

    def ahead(self, control, value):
        """Train a stretch of the runs the controls would show with `control` at `value` (the work
        ahead, see Explorer); False when they are trained."""
        values = self._values()
        values[next(name for name in CONTROLS if getattr(self, name) is control)] = value
        return self.runs.train_ahead(self._settings(values), self._seeds(values), values["epochs"])

    def update(self):
        """Retrain with the current settings and redraw the title, the curves and the readout."""
        self.ax.set_title(
            self.title.format(**self._values()), y=1.0
        )  # y given: no search for a free place
        seed, seeds = self.seed.value, self._seeds(self._values())
        if self._band_fill is not None:
            self._band_fill.remove()
            self._band_fill = None
        try:
            runs = self._train(seeds)
        except ValueError as error:  # e.g. outputs already infinite before training
            self.losses = self.band_losses = self.network = None
            for artist in (self._curve, self._median_line, self._marks):
                _show(artist, False, "hidden")
            if self.regions is not None:
                self.regions.update(None, _("no network trained"))
            self.readout.value = f"<code>{html.escape(str(error), quote=False)}</code>"
            self._animate()
            self.live.refresh()
            return
        self.losses, self.band_losses = runs[0], (runs if self.band.value else None)
        epochs = np.arange(runs.shape[1])
        self._curve.set_data(epochs, _finite_or_nan(self.losses))
        _show(self._curve, True, self._curve_label())
        shown = [self.reference, self.losses] + self._draw_band(epochs)
        where = divergence_epochs(runs)
        where = where[where >= 0]
        self._marks.set_data(where, np.full(len(where), 0.97))
        _show(self._marks, len(where) > 0, _("diverged (at the top)"))
        self._set_axes(shown)
        if self.regions is not None:
            self.regions.update(self.network, _("seed {seed} diverged").format(seed=seed))
        lines = self._readout(seeds, runs)
        self.readout.value = (
            "<code>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</code>"
        )
        self._animate()
        self.live.refresh()

    def _animate(self):
        """Redraw only what an update changes (the curves, the band, the marks, the legend, the titles
        and the regions) onto a background of axes, grid, ticks, labels, the start settings' curve and
        the target line, drawn again only when the axes' limits or ticks change."""
        changing = [self._band_fill, self._median_line, self._curve, self._marks]
        changing += [self.ax.get_legend(), self.ax.title]
        if self.regions is not None:
            changing += self.regions.changing()
        self.live.animate(*(a for a in changing if a is not None), frame=self._frame, axes=self.ax)

    def _curve_label(self):
        """The legend's name of the current curve: its seed where seeds can change, else its rate."""
        if self.seed in self.controls or self.band in self.controls or self.lr not in self.controls:
            return _("seed {seed}").format(seed=self.seed.value)
        return f"lr {self.lr.value:.3g}"

    def _draw_band(self, epochs):
        """Draw the median and the middle half of band_losses (if the band is on); return [low, high] or []."""
        _show(
            self._median_line,
            self.band_losses is not None,
            _("median of {n} seeds").format(n=self.n_band_seeds),
        )
        if self.band_losses is None:
            return []
        low, median, high = quantiles(self.band_losses, [0.25, 0.5, 0.75])
        top = loss_ylim([self.reference, self.losses, low, high], self.log_loss)[1]
        # inf (and any explosion) is drawn far above the top, off the plot
        low_drawn, median_drawn, high_drawn = (
            np.minimum(c, 1e3 * top) for c in (low, median, high)
        )
        self._band_fill = self.ax.fill_between(
            epochs,
            low_drawn,
            high_drawn,
            color="C1",
            alpha=0.25,
            lw=0,
            label=_("middle half of {n} seeds").format(n=self.n_band_seeds),
        )
        self._median_line.set_data(epochs, median_drawn)
        return [low, high]

    def _set_axes(self, shown):
        """The y-range (see plots.loss_ylim), the ticks, the x-range and the legend for the curves
        `shown`; round limits, so that most changes leave the axes (the frame) as they are."""
        target = (
            [] if self.threshold is None else [np.array([self.threshold])]
        )  # the target line stays in view
        bottom, top = loss_ylim(shown + target, self.log_loss)
        self.ax.set_ylim(bottom, top)
        if (
            self.log_loss
        ):  # under two decades, decade ticks alone would leave one label or none: add 2x and 5x
            few_decades = top / bottom < 100
            self.ax.yaxis.set_major_locator(
                LogLocator(subs=(1.0, 2.0, 5.0)) if few_decades else LogLocator()
            )
            self.ax.yaxis.set_major_formatter(_PLAIN if few_decades else LogFormatterSciNotation())
        # the x-axis ends at the number of epochs rounded up to a quarter of its power of ten
        # (1000, 1250, 1500, ...): a step of the epochs control mostly leaves the axes as they are
        epochs = max(len(curve) for curve in shown)
        quarter = 10 ** np.floor(np.log10(epochs)) / 4
        self.ax.set_xlim(0, np.ceil(epochs / quarter) * quarter)
        self._frame = (self.ax.get_xlim(), self.ax.get_ylim(), self.log_loss and few_decades)
        artists = [
            self._curve,
            self._reference_line,
            self._median_line,
            self._band_fill,
            self._marks,
            self._target_line,
        ]
        handles = [a for a in artists if a is not None and not a.get_label().startswith("_")]
        self.ax.legend(
            handles=handles, loc="lower left", fontsize=8
        )  # a falling loss curve leaves lower left free

    def _readout(self, seeds, runs):
        """The lines of text under the controls: this seed's run and, with the band, the statistics."""
        losses = self.losses
        if self.depth > 1:
            hidden = _("{n} hidden units x {depth} layers").format(
                n=self.hidden.value, depth=self.depth
            )
        else:
            hidden = _("{n} hidden units").format(n=self.hidden.value)
        settings = _("{activation}, {init!r}, lr {lr:.3g}, {hidden}, seed {seed}").format(
            activation=self.activation.value,
            init=self.initializer(),
            lr=self.lr.value,
            hidden=hidden,
            seed=seeds[0],
        )
        seen = outcomes(
            losses, self.threshold
        )  # the one definition of reached / diverged (seed_stats)
        diverged_at = seen.diverged_at[0]
        if diverged_at >= 0:
            line = _(
                "{settings}: training diverged at epoch {epoch} (the loss became inf or NaN); "
                "try a smaller learning rate"
            ).format(settings=settings, epoch=diverged_at)
        else:
            line = _(
                "{settings}: loss {start:.4g} at the start, {end:.4g} after {n} epochs"
            ).format(settings=settings, start=losses[0], end=losses[-1], n=len(losses))
            if losses[-1] > losses[0]:
                line += _(" (the loss grew: often a sign of too large a learning rate)")
        lines = [line]
        if self.threshold is not None:
            reached = seen.reached_at[0]
            if reached >= 0:
                target = _("target loss {threshold:g}: reached after {n} epochs")
            else:
                target = _("target loss {threshold:g}: not reached")
            lines.append(target.format(threshold=self.threshold, n=reached))
        if self.band_losses is not None:
            q25, median, q75 = quantiles(runs[:, -1], [0.25, 0.5, 0.75])
            band = outcomes(runs, self.threshold)
            n_diverged = int(band.diverged.sum())
            line = _(
                "seeds {first}-{last}: final loss median {median:.3g}, middle half {q25:.3g} to "
                "{q75:.3g}; {n} of {total} diverged"
            ).format(
                first=seeds[0],
                last=seeds[-1],
                median=median,
                q25=q25,
                q75=q75,
                n=n_diverged,
                total=len(seeds),
            )
            if self.threshold is not None:
                n_reached = int(band.reached.sum())
                line += _("; {n} of {total} reached {threshold:g}").format(
                    n=n_reached, total=len(seeds), threshold=self.threshold
                )
            lines.append(line)
        return lines
