"""Statistics over many seeds: which configuration is better, and how reliably?

    runs = {"he": nh.run_seeds(...), "xavier": nh.run_seeds(...)}   # label -> losses (n_seeds, epochs)
    table = nh.summary_table(runs, threshold=0.01)
    print(table)          # plain aligned text (stable for nbval)
    table                 # as the last line of a cell: an HTML table in Jupyter
    table["he"].reached   # the numbers, per configuration

A run counts as diverged from the first epoch whose loss is inf or NaN (run_seeds writes np.inf there);
from then on its loss counts as +inf: infinitely bad, so it sorts above every finite loss.
"""

import html
import math
from dataclasses import dataclass

import numpy as np

from ..engine.validation import check_positive_number
from ..i18n import _


def check_runs(runs):
    """Return {label: float64 array (n_seeds, epochs)} with every value from a run's divergence on set to +inf.

    runs: a non-empty dict label -> losses (n_seeds, epochs), e.g. from run_seeds; inf and NaN mark divergence.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError(
            _(
                "runs must be a non-empty dict label -> losses array (n_seeds, epochs), "
                "e.g. {{'he': nh.run_seeds(...)}}, got {kind}"
            ).format(kind=type(runs).__name__)
            + (_(" (empty)") if isinstance(runs, dict) else "")
        )
    checked = {}
    for label, losses in runs.items():
        if not isinstance(label, str):
            raise TypeError(
                _("runs labels must be strings, got {kind} {label!r}").format(
                    kind=type(label).__name__, label=label
                )
            )
        try:
            losses = np.array(losses, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise TypeError(
                _(
                    "runs[{label!r}] must be an array of losses (n_seeds, epochs), got {error}"
                ).format(label=label, error=error)
            ) from None
        if losses.ndim != 2 or losses.size == 0:
            raise ValueError(
                _(
                    "runs[{label!r}] must be a non-empty 2-D array (n_seeds, epochs), "
                    "got shape {shape}"
                ).format(label=label, shape=losses.shape)
            )
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


def reach_curve(losses, threshold):
    """losses (n_seeds, epochs) -> (epochs,): the share of ALL seeds whose loss was <= threshold at some epoch
    up to and including e (a diverged run never counts again after it diverged, but keeps what it reached)."""
    reached_at = epochs_to_reach(losses, threshold)
    epochs = np.arange(losses.shape[1])
    return ((reached_at[:, None] >= 0) & (reached_at[:, None] <= epochs[None, :])).mean(axis=0)


def half_of_seeds_epoch(losses, threshold):
    """The epoch by which half of ALL seeds had reached loss <= threshold, or None if fewer than half ever did.

    A seed that never reached it counts as never, not as missing: with 20 seeds, this is the epoch of the
    10th seed to arrive. (A median over only the seeds that arrived would report 2 lucky seeds as typical.)
    """
    reached_at = epochs_to_reach(losses, threshold)
    needed = (len(reached_at) + 1) // 2
    arrived = np.sort(reached_at[reached_at >= 0])
    return int(arrived[needed - 1]) if len(arrived) >= needed else None


def wilson_interval(k, n, z=1.96):
    """The Wilson score interval (95% for z = 1.96) for a share k of n: (low, high), each 0..1.

    Unlike share +/- z * standard error, it stays inside 0..1 and is honest at 0 of n and n of n:
    0 of 20 gives (0, 0.16), not (0, 0).
    """
    if n <= 0:
        raise ValueError(_("n must be a whole number > 0, got {n!r}").format(n=n))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def median_interval(values, coverage=0.95):
    """A distribution-free interval for the median of values (n,): (low, high), two of the sorted values.

    The number of values below the true median is Binomial(n, 1/2), so the j-th smallest and j-th largest
    values bracket it with probability at least `coverage` for the largest such j (the order-statistic
    interval; no resampling, so no random numbers). With 10 seeds: the 2nd smallest to the 2nd largest
    (97.9%); with 20: the 6th to the 15th (95.9%). +inf is allowed (a diverged run). Fewer than 6 values
    give (min, max), which covers less than 95%.
    """
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    n = len(ordered)
    cdf = np.cumsum([math.comb(n, i) for i in range(n + 1)]) / 2.0**n  # P(Binomial(n, 1/2) <= i)
    j = 0  # the interval is ordered[j] to ordered[n - 1 - j]; it covers with 1 - 2 P(Binomial <= j)
    while j + 1 < n - 2 - j and 1 - 2 * cdf[j + 1] >= coverage:
        j += 1
    return float(ordered[j]), float(ordered[n - 1 - j])


@dataclass(frozen=True)
class Outcomes:
    """What each seed of a run did, by the one definition the tables, the explorers and the checks share.

    reached_at (n_seeds,): the first epoch with loss <= threshold, -1 if never (None without a threshold);
    diverged_at (n_seeds,): the first epoch whose loss is inf or NaN (run_seeds writes np.inf), -1 if never.
    A seed has *reached* the target if reached_at >= 0, has *diverged* if diverged_at >= 0 (it may have
    reached the target before), and is *stuck* if it did neither: its loss stayed finite and above the
    target for the whole budget. Stuck means "not within this budget at this learning rate", not "never".
    rose (n_seeds,): the loss stayed finite but ended above where it started (lesson 06's second sign of
    too large a rate; with cross-entropy a run can overshoot without ever reaching inf). It is reported
    beside diverged, never mixed into it.
    """

    n_seeds: int
    reached_at: np.ndarray | None
    diverged_at: np.ndarray
    rose: np.ndarray

    @property
    def reached(self):
        return None if self.reached_at is None else self.reached_at >= 0

    @property
    def diverged(self):
        return self.diverged_at >= 0

    @property
    def stuck(self):
        return None if self.reached_at is None else ~self.reached & ~self.diverged


def outcomes(losses, threshold=None):
    """Outcomes of losses (n_seeds, epochs) passed through check_runs (or a 1-D curve, as one seed)."""
    losses = np.atleast_2d(np.asarray(losses, dtype=np.float64))
    diverged_at = divergence_epochs(losses)
    return Outcomes(
        n_seeds=losses.shape[0],
        diverged_at=diverged_at,
        rose=(diverged_at < 0) & (losses[:, -1] > losses[:, 0]),
        reached_at=None if threshold is None else epochs_to_reach(losses, threshold),
    )


@dataclass(frozen=True)
class SummaryRow:
    """The statistics of one configuration over its seeds; shares are fractions from 0 to 1.

    final_median, final_q25, final_q75: median and quartiles of the final loss (inf counts as worst);
    final_low, final_high: a 95% interval for the median (median_interval).
    epochs_to_threshold: the epoch by which half of ALL seeds had reached loss <= threshold (None if fewer
        than half did; half_of_seeds_epoch). reached, diverged, stuck: shares of the seeds (Outcomes);
    reached_low, reached_high: the Wilson 95% interval of the reached share.
    """

    label: str
    n_seeds: int
    final_median: float
    final_q25: float
    final_q75: float
    final_low: float
    final_high: float
    epochs_to_threshold: int | None
    reached: float
    reached_low: float
    reached_high: float
    diverged: float
    stuck: float


def summarize(label, losses, threshold):
    """One SummaryRow for losses (n_seeds, epochs), already passed through check_runs."""
    final_q25, final_median, final_q75 = (
        float(v) for v in quantiles(losses[:, -1], [0.25, 0.5, 0.75])
    )
    final_low, final_high = median_interval(losses[:, -1])
    seen = outcomes(losses, threshold)
    n_reached = int(seen.reached.sum())
    reached_low, reached_high = wilson_interval(n_reached, seen.n_seeds)
    return SummaryRow(
        label=label,
        n_seeds=seen.n_seeds,
        final_median=final_median,
        final_q25=final_q25,
        final_q75=final_q75,
        final_low=final_low,
        final_high=final_high,
        epochs_to_threshold=half_of_seeds_epoch(losses, threshold),
        reached=n_reached / seen.n_seeds,
        reached_low=reached_low,
        reached_high=reached_high,
        diverged=float(seen.diverged.mean()),
        stuck=float(seen.stuck.mean()),
    )


def separated(low_a, high_a, low_b, high_b):
    """True if the intervals (low_a, high_a) and (low_b, high_b) do not overlap: only then call it a ranking."""
    return high_a < low_b or high_b < low_a


# Printed losses: two significant digits, and anything below LOSS_FLOOR as "<1e-10". A median over
# 10-20 seeds is not known better than that, and the digits past it (and any loss near the rounding
# floor) differ between CPUs, whose BLAS kernels round differently; what is printed must not.
LOSS_FLOOR = 1e-10


def format_loss(value):
    if value == np.inf:
        return "inf"
    return f"<{LOSS_FLOOR:.0e}" if value < LOSS_FLOOR else f"{value:#.2g}"


class SummaryTable:
    """Per configuration: final loss median and IQR, epochs to the threshold, shares reached/diverged/stuck.

    print(table) or str(table): plain aligned text; in Jupyter the table shows as HTML.
    table.rows: the SummaryRow of each configuration, in the order of runs; table[label]: one of them.
    """

    COLUMNS = (
        _("configuration"),
        _("seeds"),
        _("final loss median"),
        _("final loss IQR"),
        _("epochs to {t}"),
        _("reached"),
        _("reached 95%"),
        _("diverged"),
        _("stuck"),
    )

    def __init__(self, rows, threshold):
        self.rows = list(rows)
        self.threshold = threshold

    def __getitem__(self, label):
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(
            _("no configuration {label!r}; the table has {labels}").format(
                label=label, labels=[row.label for row in self.rows]
            )
        )

    def _cells(self):
        header = [c.format(t=f"{self.threshold:g}") for c in self.COLUMNS]
        body = [
            [
                row.label,
                str(row.n_seeds),
                format_loss(row.final_median),
                _("{low} to {high}").format(
                    low=format_loss(row.final_q25), high=format_loss(row.final_q75)
                ),
                _("never") if row.epochs_to_threshold is None else f"{row.epochs_to_threshold:d}",
                f"{row.reached:.0%}",
                _("{low} to {high}").format(
                    low=f"{row.reached_low:.0%}", high=f"{row.reached_high:.0%}"
                ),
                f"{row.diverged:.0%}",
                f"{row.stuck:.0%}",
            ]
            for row in self.rows
        ]
        return header, body

    def _caption(self):
        return _(
            "Over the seeds of each configuration: the final loss's median and interquartile range "
            "(the middle half of the seeds), to 2 significant digits; epochs to loss <= {threshold:g}: "
            "the epoch by which half of all the seeds had got there ('never' if fewer did); reached: "
            "share of the seeds, with its Wilson 95% interval; diverged / stuck (neither): share of the "
            "seeds."
        ).format(threshold=self.threshold)

    def __str__(self):
        header, body = self._cells()
        widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
        lines = [
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths))
            )
            for line in [header] + body
        ]
        return "\n".join(line.rstrip() for line in lines)

    __repr__ = __str__

    def _repr_html_(self):
        header, body = self._cells()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line) + "</tr>"
            for line in body
        )
        caption = f"<caption style='caption-side: bottom; text-align: left'>{html.escape(self._caption())}</caption>"
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def summary_table(runs, threshold):
    """Summarize many seeds per configuration against a target loss.

    runs: dict label -> losses (n_seeds, epochs), e.g. {"he": nh.run_seeds(...), ...}; inf/NaN = diverged.
    threshold: the target loss (> 0). Returns a SummaryTable: print it for aligned text, show it for
    HTML, read table[label].final_median, .final_q25, .final_q75, .epochs_to_threshold, .reached,
    .diverged, .stuck (shares from 0 to 1).
    """
    runs = check_runs(runs)
    threshold = check_positive_number(threshold, "threshold")
    return SummaryTable(
        [summarize(label, losses, threshold) for label, losses in runs.items()], threshold
    )
