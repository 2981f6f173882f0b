"""Lesson 05's stored results (tools/stored_results.py) agree with a fresh run of a slice of them.

Lesson 05 stores two tables it cannot train within Run All: Xavier against He at 30 layers, and
He x 2 and uniform at tiny learning rates. Here a part of each is trained again, from the same
seeds, and must give the same counts of seeds that reached the target and the same epoch of half.
"""

import nbformat

from tools import stored_results


def stored():
    return stored_results.stored_tables(nbformat.read(stored_results.LESSON, as_version=4))


def test_the_stored_30_layer_results_agree_with_a_fresh_run():
    depth30, _ = stored()
    assert set(depth30) == {"xavier", "he"}
    assert list(depth30["he"]) == stored_results.DEPTH30_LRS
    fresh = stored_results.depth30(lrs=[0.015, 0.05])
    for label in ("xavier", "he"):
        for lr in (0.015, 0.05):
            assert fresh[label][lr] == depth30[label][lr], (label, lr)


def test_the_stored_tiny_rate_results_agree_with_a_fresh_run():
    _, tiny = stored()
    assert list(tiny["he x 2"]) == stored_results.TINY_LRS
    fresh = stored_results.tiny_rates(lrs=[1e-6])
    for label in ("he x 2", "uniform [-1, 1]"):
        assert fresh[label][1e-6] == tiny[label][1e-6], label


def test_the_stored_cell_is_what_the_tool_writes():
    depth30, tiny = stored()
    cell = next(
        cell
        for cell in nbformat.read(stored_results.LESSON, as_version=4).cells
        if cell.id == stored_results.STORED_CELL
    )
    assert cell.source == stored_results.stored_source(depth30, tiny)
    assert "nbval-check-output" in cell.metadata.get("tags", [])
