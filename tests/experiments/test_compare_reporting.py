"""nh.compare says when no seed reached the target at any rate, and shows its progress in a notebook."""

import importlib

import IPython
import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

import nnhelpers as nh

compare_module = importlib.import_module(
    "nnhelpers.experiments.compare"
)  # the module, not nh.compare


def _letters_compare(threshold):
    X, Y, _ = nh.letters()
    return nh.compare(
        {"he": dict(init="he"), "normal 0.01": dict(init=nh.initializer("normal", std=0.01))},
        X,
        Y,
        layer_sizes=[30, 8, 3],
        lrs=[0.01, 0.1],
        seeds=range(4),
        epochs=40,
        threshold=threshold,
    )


def test_no_seed_reaching_the_target_at_any_rate_is_said_and_no_rate_is_called_best():
    result = _letters_compare(threshold=1e-9)  # far below anything 40 epochs reach
    assert all(row.reached == 0 for by_lr in result.sweep.values() for row in by_lr.values())
    assert result.reached_none() == ["he", "normal 0.01"]
    sweep = result.sweep_table()
    assert "*" not in sweep.splitlines()[1] and "*" not in sweep.splitlines()[2]
    for text in (str(result), sweep, result.verdict()):
        assert (
            "no seed reached 1e-09 at any rate tried, so no rate is best: he, normal 0.01" in text
        )
    rows = str(result).splitlines()[2:4]
    assert [row[len(label) :].split()[:2] for row, label in zip(rows, ("he", "normal 0.01"))] == [
        ["none", "0/4"]
    ] * 2


def test_a_target_that_is_reached_names_a_best_rate_without_the_note():
    result = _letters_compare(threshold=0.2)
    assert result.rows["he"].reached > 0 and "he" not in result.reached_none()
    assert "so no rate is best: he" not in str(result)
    assert "*" in result.sweep_table().splitlines()[1]


def test_progress_is_silent_outside_a_kernel_and_one_overwritten_line_inside(monkeypatch, capsys):
    assert compare_module.progress_line()("anything") is None  # no kernel: nothing shown, no error
    assert capsys.readouterr().out == ""

    class Shell:
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    _letters_compare(threshold=0.2)
    out = capsys.readouterr().out
    lines = out.split("\r")
    assert len(lines) == 5  # 2 configurations x 2 rates, then the summary
    assert lines[0] == "nh.compare: training he at lr 0.01, 4 seeds, 40 epochs (1 of 4)"
    assert lines[3].endswith("(4 of 4)")
    assert (
        lines[4]
        == "nh.compare: trained 2 configurations x 2 learning rates x 4 seeds, 40 epochs each\n"
    )
    # what Jupyter, nbval and the stored notebook keep: the last line alone
    assert (
        CoalesceStreamsPreprocessor()
        .preprocess(_stream_notebook(out), {})[0]
        .cells[0]
        .outputs[0]
        .text
        == lines[4]
    )


def _stream_notebook(text):
    cell = nbformat.v4.new_code_cell(
        "", outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)]
    )
    return nbformat.v4.new_notebook(cells=[cell])
