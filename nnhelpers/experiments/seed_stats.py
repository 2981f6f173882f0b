"""Statistics over many seeds: which configuration is better, and how reliably?

    runs = {"he": nh.run_seeds(...), "xavier": nh.run_seeds(...)}   # label -> losses (n_seeds, epochs)
    table = nh.summary_table(runs, threshold=0.01)
    print(table)          # plain aligned text (stable for nbval)
    table                 # as the last line of a cell: an HTML table in Jupyter
    table["he"].reached   # the numbers, per configuration

A run counts as diverged from the first epoch whose loss is inf or NaN (run_seeds writes np.inf there);
from then on its loss counts as +inf: infinitely bad, so it sorts above every finite loss.
"""
from dataclasses import dataclass
import html

import numpy as np

from ..engine.validation import check_positive_number


def check_runs(runs):
    """Return {label: float64 array (n_seeds, epochs)} with every value from a run's divergence on set to +inf.

    runs: a non-empty dict label -> losses (n_seeds, epochs), e.g. from run_seeds; inf and NaN mark divergence.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError(f"runs must be a non-empty dict label -> losses array (n_seeds, epochs), "
                        f"e.g. {{'he': nh.run_seeds(...)}}, got {type(runs).__name__}"
                        + (" (empty)" if isinstance(runs, dict) else ""))
    checked = {}
    for label, losses in runs.items():
        if not isinstance(label, str):
            raise TypeError(f"runs labels must be strings, got {type(label).__name__} {label!r}")
        try:
            losses = np.array(losses, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise TypeError(f"runs[{label!r}] must be an array of losses (n_seeds, epochs), got {error}") from None
        if losses.ndim != 2 or losses.size == 0:
            raise ValueError(f"runs[{label!r}] must be a non-empty 2-D array (n_seeds, epochs), "
                             f"got shape {losses.shape}")
        losses[np.maximum.accumulate(~np.isfinite(losses), axis=1)] = np.inf
        checked[label] = losses
    return checked


def divergence_epochs(losses):
    """losses (n_seeds, epochs) -> int array (n_seeds,): the first epoch whose loss is inf or NaN, -1 if none."""
    bad = ~np.isfinite(losses)
    return np.where(bad.any(axis=1), bad.argmax(axis=1), -1)


def epochs_to_reach(losses, threshold):
    """losses (n_seeds, epochs) -> int array (n_seeds,): the first epoch e with losses[:, e] <= threshold, -1 if none.

    losses[i, e] is the loss after e updates, so e is also the number of updates the run needed.
    """
    hit = losses <= threshold
    return np.where(hit.any(axis=1), hit.argmax(axis=1), -1)


def quantiles(values, qs, axis=0):
    """Quantiles qs (each 0..1) of values along axis, like np.quantile's default (linear) method, +inf allowed.

    np.quantile gives NaN (and a warning) between a finite value and +inf; here a quantile that falls
    on or between infinite values is +inf. Returns an array (len(qs), ...) with axis removed.
    """
    ordered = np.sort(np.moveaxis(np.asarray(values, dtype=np.float64), axis, 0), axis=0)
    n = ordered.shape[0]
    result = []
    for q in qs:
        position = q * (n - 1)
        below = int(np.floor(position))
        above = min(below + 1, n - 1)
        t = position - below
        a, b = ordered[below], ordered[above]
        with np.errstate(invalid="ignore"):
            mixed = a + (b - a) * t
        result.append(np.where(np.isinf(b) & (t > 0), np.inf, np.where(t == 0, a, mixed)))
    return np.array(result)


@dataclass(frozen=True)
class SummaryRow:
    """The statistics of one configuration over its seeds; shares are fractions from 0 to 1.

    final_median, final_q25, final_q75: median and quartiles of the final loss (inf counts as worst).
    epochs_to_threshold: median number of epochs to reach loss <= threshold over the seeds that
        reached it (None if none did). reached: share of seeds whose loss got to the threshold at some
        epoch; diverged: share whose loss became inf or NaN; stuck: share that did neither. A run that
        reached the threshold and diverged later counts in both reached and diverged.
    """

    label: str
    n_seeds: int
    final_median: float
    final_q25: float
    final_q75: float
    epochs_to_threshold: float | None
    reached: float
    diverged: float
    stuck: float


def summarize(label, losses, threshold):
    """One SummaryRow for losses (n_seeds, epochs), already passed through check_runs."""
    final_q25, final_median, final_q75 = (float(v) for v in quantiles(losses[:, -1], [0.25, 0.5, 0.75]))
    to_reach = epochs_to_reach(losses, threshold)
    reached, diverged = to_reach >= 0, divergence_epochs(losses) >= 0
    return SummaryRow(label=label, n_seeds=losses.shape[0], final_median=final_median, final_q25=final_q25,
                      final_q75=final_q75,
                      epochs_to_threshold=float(np.median(to_reach[reached])) if reached.any() else None,
                      reached=float(reached.mean()), diverged=float(diverged.mean()),
                      stuck=float((~reached & ~diverged).mean()))


# Printed losses: two significant digits, and anything below LOSS_FLOOR as "<1e-10". A median over
# 10-20 seeds is not known better than that, and the digits past it (and any loss near the rounding
# floor) differ between CPUs, whose BLAS kernels round differently; what is printed must not.
LOSS_FLOOR = 1e-10


def _number(value):
    if value == np.inf:
        return "inf"
    return f"<{LOSS_FLOOR:.0e}" if value < LOSS_FLOOR else f"{value:#.2g}"


class SummaryTable:
    """Per configuration: final loss median and IQR, epochs to the threshold, shares reached/diverged/stuck.

    print(table) or str(table): plain aligned text; in Jupyter the table shows as HTML.
    table.rows: the SummaryRow of each configuration, in the order of runs; table[label]: one of them.
    """

    COLUMNS = ["configuration", "seeds", "final loss median", "final loss IQR", "epochs to {t}",
               "reached", "diverged", "stuck"]

    def __init__(self, rows, threshold):
        self.rows = list(rows)
        self.threshold = threshold

    def __getitem__(self, label):
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(f"no configuration {label!r}; the table has {[row.label for row in self.rows]}")

    def _cells(self):
        header = [c.format(t=f"{self.threshold:g}") for c in self.COLUMNS]
        body = [[row.label, str(row.n_seeds), _number(row.final_median),
                 f"{_number(row.final_q25)} to {_number(row.final_q75)}",
                 "never" if row.epochs_to_threshold is None else f"{row.epochs_to_threshold:g}",
                 f"{row.reached:.0%}", f"{row.diverged:.0%}", f"{row.stuck:.0%}"] for row in self.rows]
        return header, body

    def _caption(self):
        return (f"Over the seeds of each configuration: the final loss's median and interquartile range "
                f"(the middle half of the seeds), to 2 significant digits; epochs to loss <= {self.threshold:g}: median over the seeds "
                f"that got there; reached / diverged / stuck (neither): share of the seeds.")

    def __str__(self):
        header, body = self._cells()
        widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
                 for line in [header] + body]
        return "\n".join(line.rstrip() for line in lines)

    __repr__ = __str__

    def _repr_html_(self):
        header, body = self._cells()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line) + "</tr>" for line in body)
        caption = f"<caption style='caption-side: bottom; text-align: left'>{html.escape(self._caption())}</caption>"
        return (f"<table>{caption}"
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def summary_table(runs, threshold):
    """Summarize many seeds per configuration against a target loss.

    runs: dict label -> losses (n_seeds, epochs), e.g. {"he": nh.run_seeds(...), ...}; inf/NaN = diverged.
    threshold: the target loss (> 0). Returns a SummaryTable: print it for aligned text, show it for
    HTML, read table[label].final_median, .final_q25, .final_q75, .epochs_to_threshold, .reached,
    .diverged, .stuck (shares from 0 to 1).
    """
    runs = check_runs(runs)
    threshold = check_positive_number(threshold, "threshold")
    return SummaryTable([summarize(label, losses, threshold) for label, losses in runs.items()], threshold)
