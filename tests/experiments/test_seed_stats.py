"""summary_table and plot_bands on small made-up arrays whose statistics are worked out by hand."""

import matplotlib
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.experiments.seed_stats import (
    check_runs,
    divergence_epochs,
    epochs_to_reach,
    quantiles,
)

inf, nan = np.inf, np.nan

# Four seeds, four epochs. Row 2 diverges at epoch 1.
RUNS_A = [[4.0, 2.0, 1.0, 0.5], [4.0, 3.0, 2.0, 1.5], [4.0, inf, inf, inf], [4.0, 1.0, 0.4, 0.2]]
# Three seeds; row 0 reaches the threshold at epoch 0, then becomes NaN (diverged from epoch 1 on, even
# though a finite number follows: a diverged run stays diverged).
RUNS_B = [[1.0, nan, 3.0], [0.5, 0.25, 0.125], [2.0, 1.0, 0.9]]
# Two seeds that never get to 1.0 and never diverge.
RUNS_C = [[3.0, 2.5], [5.0, 4.0]]


def test_summary_numbers_worked_out_by_hand():
    table = nh.summary_table({"a": RUNS_A, "b": RUNS_B, "c": RUNS_C}, threshold=1.0)
    a, b, c = table["a"], table["b"], table["c"]
    # a: final losses 0.5, 1.5, inf, 0.2 -> sorted 0.2, 0.5, 1.5, inf (positions 0..3).
    # median: position 1.5 -> (0.5 + 1.5) / 2 = 1.0; q25: position 0.75 -> 0.2 + 0.75 * 0.3 = 0.425;
    # q75: position 2.25 -> between 1.5 and inf -> inf.
    assert (a.n_seeds, a.final_median, a.final_q25, a.final_q75) == (
        4,
        pytest.approx(1.0),
        pytest.approx(0.425),
        inf,
    )
    # loss <= 1.0 first at epoch 2 (row 0) and epoch 1 (row 3); row 1 never, row 2 diverged.
    # Half of the 4 seeds (2) had got there by epoch 2 (a median over the 2 arrivals would say 1.5).
    assert a.epochs_to_threshold == 2
    assert (a.reached, a.diverged, a.stuck) == (0.5, 0.25, 0.25)
    # b: finals inf, 0.125, 0.9 -> sorted 0.125, 0.9, inf; median 0.9; q25: position 0.5 -> 0.5125; q75: inf.
    assert (b.final_median, b.final_q25, b.final_q75) == (
        pytest.approx(0.9),
        pytest.approx(0.5125),
        inf,
    )
    # reached at epochs 0, 0, 1 (row 0 before it diverged) -> median 0; all reached, one diverged, none stuck.
    assert b.epochs_to_threshold == 0.0
    assert (b.reached, b.diverged, b.stuck) == (1.0, pytest.approx(1 / 3), 0.0)
    # c: finals 2.5, 4.0 -> median 3.25, q25 2.5 + 0.25 * 1.5 = 2.875, q75 2.5 + 0.75 * 1.5 = 3.625; all stuck.
    assert (c.final_median, c.final_q25, c.final_q75) == (3.25, 2.875, 3.625)
    assert c.epochs_to_threshold is None and (c.reached, c.diverged, c.stuck) == (0.0, 0.0, 1.0)
    assert [row.label for row in table.rows] == ["a", "b", "c"]


def test_summary_prints_losses_below_the_rounding_floor_as_a_bound():
    # Losses of 1e-12 and 3e-27 are rounding noise (they differ between CPUs); 4e-10 is not, and prints.
    # Sorted finals 3e-27, 1e-12, 4e-10: median 1e-12, q25 (3e-27 + 1e-12) / 2, q75 (1e-12 + 4e-10) / 2.
    table = nh.summary_table({"tiny": [[1.0, 1e-12], [1.0, 3e-27], [1.0, 4e-10]]}, threshold=0.5)
    row = str(table).splitlines()[1].split()
    assert row[:6] == ["tiny", "3", "<1e-10", "<1e-10", "to", "2.0e-10"]


def test_summary_prints_as_aligned_text_and_shows_as_html():
    table = nh.summary_table({"a": RUNS_A, "b": RUNS_B, "c": RUNS_C}, threshold=1.0)
    expected = [
        "configuration  seeds  final loss median  final loss IQR  epochs to 1  reached  reached 95%  diverged  stuck",
        # reached 95%: Wilson; 3 of 3 -> low n / (n + z^2) = 3 / 6.8416 = 44%; 0 of 2 -> high 3.8416 / 5.8416 = 66%
        "a                  4                1.0     0.42 to inf            2      50%   15% to 85%       25%    25%",
        "b                  3               0.90     0.51 to inf            0     100%  44% to 100%       33%     0%",
        "c                  2                3.2      2.9 to 3.6        never       0%    0% to 66%        0%   100%",
    ]
    assert str(table).splitlines() == expected
    assert repr(table) == str(table)
    page = table._repr_html_()
    assert page.startswith("<table>") and page.endswith("</table>")
    assert (
        "<th>epochs to 1</th>" in page
        and "<td>0.42 to inf</td>" in page
        and "<td>never</td>" in page
    )
    assert "interquartile range" in page


def test_summary_of_run_seeds_output():
    X, Y, _ = nh.letters()
    losses = nh.run_seeds([30, 8, 3], X, Y, range(6), epochs=60, lr=0.1)
    row = nh.summary_table({"he": losses}, threshold=0.05)["he"]
    first = [next((e for e, value in enumerate(curve) if value <= 0.05), None) for curve in losses]
    reached = [e for e in first if e is not None]
    assert 0 < len(reached) < 6  # some seeds are still above 0.05 after 60 epochs
    # the epoch by which half of ALL 6 seeds (3) had got there: the 3rd arrival, not a median of the arrivals
    assert row.epochs_to_threshold == sorted(reached)[2] and row.reached == len(reached) / 6
    assert row.stuck == pytest.approx(1 - len(reached) / 6) and row.diverged == 0.0
    assert row.final_median == pytest.approx(np.median(losses[:, -1]), rel=1e-12)


def test_label_html_is_escaped():
    assert "&lt;b&gt;" in nh.summary_table({"<b>": RUNS_C}, 1.0)._repr_html_()


@pytest.mark.parametrize(
    "runs,threshold,error,message",
    [
        ({}, 1.0, TypeError, r"runs must be a non-empty dict .* got dict \(empty\)"),
        ([RUNS_A], 1.0, TypeError, "runs must be a non-empty dict label -> losses array"),
        ({1: RUNS_A}, 1.0, TypeError, "runs labels must be strings, got int 1"),
        (
            {"a": [1.0, 2.0]},
            1.0,
            ValueError,
            r"runs\['a'\] must be a non-empty 2-D array \(n_seeds, epochs\), got shape \(2,\)",
        ),
        ({"a": [[1.0], [1.0, 2.0]]}, 1.0, TypeError, r"runs\['a'\] must be an array of losses"),
        ({"a": RUNS_A}, 0, ValueError, "threshold must be a positive finite number, got 0"),
    ],
)
def test_summary_bad_input(runs, threshold, error, message):
    with pytest.raises(error, match=message):
        nh.summary_table(runs, threshold)


def test_quantiles_equal_numpy_on_finite_values_and_handle_inf():
    values = np.random.default_rng(0).lognormal(size=(9, 5))
    qs = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0]
    np.testing.assert_allclose(quantiles(values, qs), np.quantile(values, qs, axis=0), rtol=1e-14)
    column = np.array([3.0, inf, 1.0, inf])  # sorted 1, 3, inf, inf
    assert quantiles(column, [0.0, 1 / 3, 0.5, 2 / 3, 1.0]).tolist() == [1.0, 3.0, inf, inf, inf]


def test_divergence_and_reach_epochs():
    losses = check_runs({"a": RUNS_A, "b": RUNS_B})
    assert divergence_epochs(losses["a"]).tolist() == [-1, -1, 1, -1]
    assert divergence_epochs(losses["b"]).tolist() == [1, -1, -1]
    assert epochs_to_reach(losses["a"], 1.0).tolist() == [2, -1, -1, 1]
    assert losses["b"][0].tolist() == [
        1.0,
        inf,
        inf,
    ]  # the 3.0 after the NaN counts as diverged too


def test_plot_bands_draws_medians_bands_and_divergence_marks():
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    runs = {"a": RUNS_A, "c": RUNS_C}
    ax = nh.plot_bands(runs, log=True, threshold=1.0)
    try:
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert set(lines) >= {"a (1 of 4 diverged)", "c", "target 1"}
        # median of a per epoch: 4, then sorted (1, 2, 3, inf) -> 2.5, then (0.4, 1, 2, inf) -> 1.5, then 1.0
        np.testing.assert_allclose(lines["a (1 of 4 diverged)"].get_ydata(), [4.0, 2.5, 1.5, 1.0])
        marks = [line for line in ax.get_lines() if line.get_marker() == "x"]
        assert len(marks) == 1 and marks[0].get_xdata().tolist() == [1]  # row 2 diverged at epoch 1
        assert ax.get_yscale() == "log"
        # 3x the largest starting band edge, rounded up to 1, 2, 3 or 5 times a power of ten:
        # c starts at 3 and 5, its 75th percentile 3 + 0.75 * 2 = 4.5; 3 * 4.5 = 13.5 -> 20
        assert ax.get_ylim()[1] == pytest.approx(20)
        assert len(ax.collections) == 2  # one band per configuration
        assert "x at the top: a run diverged" in ax.get_legend().get_title().get_text()
        # every band vertex is finite (inf is drawn far above the top), so Matplotlib can scale it
        assert all(
            np.isfinite(path.vertices).all() for band in ax.collections for path in band.get_paths()
        )
    finally:
        plt.close(ax.figure)


def test_plot_bands_minmax_and_bad_arguments():
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    ax = nh.plot_bands({"c": RUNS_C}, band="minmax", ylim=(0, 10))
    try:
        low_high = ax.collections[0].get_paths()[0].vertices[:, 1]
        assert {2.5, 3.0, 4.0, 5.0} <= set(low_high.tolist())  # min and max of each epoch
        assert (
            ax.get_ylim() == (0, 10)
            and "x at the top" not in ax.get_legend().get_title().get_text()
        )
    finally:
        plt.close(ax.figure)
    with pytest.raises(ValueError, match="unknown band 'sd'"):
        nh.plot_bands({"c": RUNS_C}, band="sd")
    with pytest.raises(ValueError, match="ylim must be .* bottom < top"):
        nh.plot_bands({"c": RUNS_C}, ylim=(5, 1))


def test_wilson_interval_matches_worked_values():
    # 0 of 20: the upper end is z^2 / (n + z^2) = 3.8416 / 23.8416
    low, high = nh.wilson_interval(0, 20)
    assert low == 0 and high == pytest.approx(3.8416 / 23.8416, rel=1e-9)
    # 10 of 20: centre 1/2, half width z / (1 + z^2/n) * sqrt(1/80 + z^2/1600)
    half = 1.96 / (1 + 3.8416 / 20) * (1 / 80 + 3.8416 / 1600) ** 0.5
    assert nh.wilson_interval(10, 20) == (pytest.approx(0.5 - half), pytest.approx(0.5 + half))
    assert nh.wilson_interval(20, 20)[1] == 1.0
    with pytest.raises(ValueError, match="n must be"):
        nh.wilson_interval(0, 0)


def test_median_interval_uses_the_binomial_order_statistics():
    # n = 10: 2nd smallest to 2nd largest (coverage 1 - 2 * 11/1024 = 97.9%; the 3rd would give 89%)
    assert nh.median_interval(np.arange(10.0)[::-1]) == (1.0, 8.0)
    # n = 20: 6th to 15th (1 - 2 P(X <= 5) = 95.9%; the 7th would give 88.5%)
    assert nh.median_interval(np.arange(20.0)) == (5.0, 14.0)
    assert nh.median_interval([3.0, np.inf, 1.0, 2.0, 0.0, 5.0, 4.0, 6.0, 7.0, 8.0]) == (1.0, 8.0)


def test_outcomes_one_definition():
    losses = np.array([[1.0, 0.5, 0.1], [1.0, 2.0, np.inf], [1.0, 1.0, 1.2], [1.0, 0.9, 0.8]])
    seen = nh.outcomes(losses, threshold=0.2)
    assert seen.reached.tolist() == [True, False, False, False]
    assert seen.diverged_at.tolist() == [-1, 2, -1, -1]
    assert seen.stuck.tolist() == [False, False, True, True]
    assert seen.rose.tolist() == [False, False, True, False]  # finite, but ended above its start


def test_reach_curve_and_half_of_seeds():
    from nnhelpers.experiments.seed_stats import half_of_seeds_epoch, reach_curve

    losses = np.array([[1.0, 0.1, 0.1, 0.1], [1.0, 1.0, 0.1, 0.1], [1.0, 1.0, 1.0, 1.0]])
    assert reach_curve(losses, 0.5).tolist() == [0, 1 / 3, 2 / 3, 2 / 3]
    assert half_of_seeds_epoch(losses, 0.5) == 2  # 2 of 3 seeds needed
    assert half_of_seeds_epoch(losses[[0, 2, 2]], 0.5) is None


def test_compare_picks_each_configurations_best_rate_and_only_ranks_separated_intervals():
    X, Y, _ = nh.letters()
    result = nh.compare(
        {"he": dict(init="he"), "normal 0.01": dict(init=nh.initializer("normal", std=0.01))},
        X,
        Y,
        layer_sizes=[30, 8, 3],
        lrs=[0.01, 0.1],
        seeds=range(6),
        epochs=150,
        threshold=0.05,
        test=(X, Y),
    )
    for label in ("he", "normal 0.01"):
        by_lr = result.sweep[label]
        # the best rate has the most seeds reaching the target
        assert by_lr[result.best_lr[label]].reached == max(row.reached for row in by_lr.values())
        # its runs are run_seeds' own at that rate
        assert np.array_equal(
            result.runs[label],
            nh.run_seeds(
                [30, 8, 3],
                X,
                Y,
                range(6),
                epochs=150,
                lr=result.best_lr[label],
                init=result.sweep
                and (nh.initializer("normal", std=0.01) if label != "he" else "he"),
            ),
        )
        assert result.test_accuracy[label].shape == (6,)
    text = result.verdict()
    assert ("indistinguishable here" in text) or ("ahead of" in text) or ("faster than" in text)
    assert "best lr" in str(result) and "lr 0.1" in result.sweep_table()
    with pytest.raises(ValueError, match="unknown options"):
        nh.compare(
            {"x": dict(lr=0.1)}, X, Y, layer_sizes=[30, 8, 3], lrs=[0.1], epochs=5, threshold=0.1
        )
