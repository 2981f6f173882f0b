"""The stored comparisons (tools/lesson_results.py) are what their code computes today.

Each is recomputed on a slice (its first configuration at its best rate, two seeds, the first 150
epochs) and compared with the stored loss curves; the stored statistics must follow from the
stored curves. If this fails after a change to the engine: python -m tools.lesson_results.
"""

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.experiments.seed_stats import summarize
from tools.lesson_results import EXPERIMENTS


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_a_slice_recomputed_today_matches_the_stored_curves(name):
    spec = EXPERIMENTS[name]()
    stored = nh.stored_comparison(name)
    assert list(stored.rows) == list(spec["configs"])
    assert stored.seeds == list(spec["seeds"]) and stored.epochs == spec["epochs"]
    assert stored.lrs == sorted(spec["lrs"]) and stored.threshold == spec["threshold"]
    label = next(iter(spec["configs"]))
    best = stored.best_lr[label]
    part = nh.compare(
        **{
            **spec,
            "configs": {label: spec["configs"][label]},
            "lrs": [best],
            "seeds": list(spec["seeds"])[:2],
            "epochs": 150,
        }
    )
    np.testing.assert_allclose(part.runs[label], stored.runs[label][:2, :150], rtol=1e-5)


@pytest.mark.parametrize("name", EXPERIMENTS)
def test_the_stored_statistics_follow_from_the_stored_curves(name):
    spec = EXPERIMENTS[name]()
    stored = nh.stored_comparison(name)
    for label, row in stored.rows.items():
        again = summarize(label, stored.runs[label], stored.threshold)  # from the float32 curves
        assert again.reached == row.reached and again.diverged == row.diverged
        assert (again.epochs_to_threshold is None) == (row.epochs_to_threshold is None)
        if row.epochs_to_threshold is not None:
            assert abs(again.epochs_to_threshold - row.epochs_to_threshold) <= 1
        assert again.final_median == pytest.approx(row.final_median, rel=1e-5)
        assert stored.sweep[label][stored.best_lr[label]] == row
        if spec.get("test") is None:
            assert label not in stored.test_accuracy
        else:
            assert stored.test_accuracy[label].shape == (len(stored.seeds),)


def test_an_unknown_name_lists_the_stored_ones():
    with pytest.raises(ValueError, match="no stored comparison 'nothing'; there are .*07_spirals"):
        nh.stored_comparison("nothing")
