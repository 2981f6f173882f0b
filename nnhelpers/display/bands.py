"""Loss curves over many seeds: a median line and a band per configuration; the share that reached a target.

    runs = {"he": nh.run_seeds(...), "xavier": nh.run_seeds(...)}   # label -> losses (n_seeds, epochs)
    nh.plot_bands(runs, log=True, threshold=0.01)
    plt.show()

The band covers the middle half of the seeds at every epoch (25th to 75th percentile, "iqr"), or
all of them ("minmax"). A diverged run (loss inf or NaN, see run_seeds) counts as infinitely bad:
it pushes the median and the band off the top of the plot once enough runs have diverged, and an
"x" at the top edge marks the epoch at which it diverged; the legend says how many diverged.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..engine.validation import check_choice, check_positive_number
from ..experiments.seed_stats import check_runs, divergence_epochs, quantiles, reach_curve
from ..i18n import _
from .colors import config_color
from .plots import loss_ylim

BANDS = {"iqr": (0.25, 0.75), "minmax": (0.0, 1.0)}
OVER_SEEDS = _("Training loss over seeds")  # plot_bands' default title
BAND_NAMES = {"iqr": _("middle half of the seeds"), "minmax": _("all seeds, lowest to highest")}


def band_curves(losses, band="iqr"):
    """losses (n_seeds, epochs), checked -> (median, low, high), each (epochs,); +inf where runs diverged."""
    low_q, high_q = BANDS[band]
    low, median, high = quantiles(losses, [low_q, 0.5, high_q], axis=0)
    return median, low, high


def _drawn_range(bottom, top, log):
    """Values are clipped to this range before drawing: far outside (bottom, top), so clipped parts still
    leave the plot, but finite (inf, or an exploding 1e300, would upset Matplotlib's log scale)."""
    if log:
        return bottom / 1e3, top * 1e3
    return bottom - 1e3 * (top - bottom), top + 1e3 * (top - bottom)


def _check_ylim(ylim):
    try:
        bottom, top = (float(v) for v in ylim)
    except (TypeError, ValueError):
        raise TypeError(
            _("ylim must be a pair (bottom, top) of numbers, got {ylim!r}").format(ylim=ylim)
        ) from None
    if not (np.isfinite(bottom) and np.isfinite(top) and bottom < top):
        raise ValueError(
            _("ylim must be (bottom, top) with finite bottom < top, got {ylim!r}").format(ylim=ylim)
        )
    return bottom, top


def plot_bands(
    runs,
    ax=None,
    *,
    log=False,
    band="iqr",
    threshold=None,
    ylim=None,
    title=OVER_SEEDS,
):
    """Draw, per configuration, the median loss curve over its seeds and a shaded band around it.

    runs: dict label -> losses (n_seeds, epochs), e.g. {"he": nh.run_seeds(...)}; inf/NaN = diverged.
    ax: a Matplotlib Axes (default: a new figure). log: logarithmic loss axis.
    band: "iqr" (25th to 75th percentile, the default) or "minmax" (lowest to highest).
    threshold: a target loss, drawn as a dashed line. ylim: (bottom, top) instead of the automatic range,
    which stops at 3x the largest starting loss. Returns the Axes.
    """
    runs = check_runs(runs)
    check_choice(band, BANDS, "band")
    if threshold is not None:
        threshold = check_positive_number(threshold, "threshold")
    ax = ax or plt.subplots(figsize=(8, 4), layout="constrained")[1]
    curves = {label: band_curves(losses, band) for label, losses in runs.items()}
    bottom, top = (
        _check_ylim(ylim)
        if ylim is not None
        else loss_ylim([line for triple in curves.values() for line in triple], log)
    )
    drawn_range = _drawn_range(bottom, top, log)
    if log:
        ax.set_yscale("log")
    ax.set_ylim(bottom, top)
    for label, losses in runs.items():
        color = config_color(label)
        median, low, high = (
            np.clip(c, *drawn_range) for c in curves[label]
        )  # inf: far above the top
        epochs = np.arange(losses.shape[1])
        where = divergence_epochs(losses)
        diverged = where[where >= 0]
        name = (
            _("{label} ({n} of {total} diverged)").format(
                label=label, n=len(diverged), total=losses.shape[0]
            )
            if len(diverged)
            else label
        )
        ax.fill_between(epochs, low, high, color=color, alpha=0.2, lw=0)
        ax.plot(epochs, median, color=color, lw=2, label=name)
        if len(diverged):
            ax.plot(
                diverged,
                np.full(len(diverged), 0.97),
                "x",
                color=color,
                ms=7,
                mew=1.5,
                transform=ax.get_xaxis_transform(),
                clip_on=False,
            )
    if threshold is not None:
        ax.axhline(
            threshold,
            color="0.3",
            ls="--",
            lw=1,
            label=_("target {threshold:g}").format(threshold=threshold),
        )
    n_seeds = {losses.shape[0] for losses in runs.values()}
    if len(n_seeds) == 1:
        line = _("line: median of {n} seeds").format(n=n_seeds.pop())
    else:
        line = _("line: median of the seeds")
    legend_title = line + "\n" + _("band: {band}").format(band=BAND_NAMES[band])
    if any((divergence_epochs(losses) >= 0).any() for losses in runs.values()):
        legend_title += "\n" + _("x at the top: a run diverged")
    ax.set(
        xlabel=_("epoch"),
        ylabel=_("loss"),
        title=title,
        ylim=(bottom, top),
        xlim=(0, max(1, max(losses.shape[1] for losses in runs.values()) - 1)),
    )
    ax.grid(alpha=0.3)
    ax.legend(
        title=legend_title,
        fontsize=8,
        title_fontsize=8,
        alignment="left",  # outside: never covers a curve
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
    )
    return ax


def plot_reached(runs, threshold, ax=None, *, title=None):
    """Draw, per configuration, the share of ALL its seeds that have reached loss <= threshold by each epoch.

    runs: dict label -> losses (n_seeds, epochs), e.g. {"he": nh.run_seeds(...)} or compare(...).runs.
    The curve crosses the dotted line at 50% at the "epochs to target" of summary_table and compare;
    a curve that stays below it reports "never". Colours: config_color. Returns the Axes.
    """
    runs = check_runs(runs)
    threshold = check_positive_number(threshold, "threshold")
    ax = ax or plt.subplots(figsize=(7, 3.6), layout="constrained")[1]
    for label, losses in runs.items():
        share = reach_curve(losses, threshold)
        ax.step(
            np.arange(losses.shape[1]),
            100 * share,
            where="post",
            color=config_color(label),
            lw=2,
            label=_("{label} ({n} of {total})").format(
                label=label, n=round(share[-1] * losses.shape[0]), total=losses.shape[0]
            ),
        )
    ax.axhline(50, color="0.4", ls=":", lw=1)
    ax.set(
        xlabel=_("epoch"),
        ylabel=_("seeds that reached it (%)"),
        ylim=(-3, 103),
        xlim=(0, max(1, max(losses.shape[1] for losses in runs.values()) - 1)),
        title=title
        or _("Share of the seeds with loss <= {threshold:g} by each epoch").format(
            threshold=threshold
        ),
    )
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)
    return ax
