"""The shape explorer redraws when a slider moves and refuses bad sizes with a clear error.
(Lesson 02's self-checks are tested from their declarations: tests/exercises/test_exercises.py.)"""

import pytest

import nnhelpers as nh

# ----- ShapeExplorer ---------------------------------------------------------------------------------


def test_shape_explorer_redraws_and_relabels_on_slider_change():
    explorer = nh.ShapeExplorer(batch=4, n_inputs=3, n_neurons=2)
    first_image = explorer.live.image.value
    assert first_image[:8] == b"\x89PNG\r\n\x1a\n"
    assert {k: t.get_text() for k, t in explorer.labels.items()} == {
        "X": "(4, 3)",
        "W": "(3, 2)",
        "b": "(1, 2)",
        "Z": "(4, 2)",
    }
    assert "X (4, 3) @ W (3, 2) + b (1, 2) → Z (4, 2)" in explorer.readout.value

    explorer.batch.value = 5
    second_image = explorer.live.image.value
    assert second_image != first_image
    assert (
        explorer.labels["X"].get_text() == "(5, 3)" and explorer.labels["Z"].get_text() == "(5, 2)"
    )
    assert explorer.labels["W"].get_text() == "(3, 2)"

    explorer.n_neurons.value = 6
    explorer.n_inputs.value = 7
    assert explorer.live.image.value != second_image
    assert explorer.shapes() == {"X": (5, 7), "W": (7, 6), "b": (1, 6), "Z": (5, 6)}
    assert {k: t.get_text() for k, t in explorer.labels.items()} == {
        "X": "(5, 7)",
        "W": "(7, 6)",
        "b": "(1, 6)",
        "Z": "(5, 6)",
    }
    assert "X (5, 7) @ W (7, 6) + b (1, 6) → Z (5, 6)" in explorer.readout.value
    assert "7 × 6 + 6 = 48 parameters" in explorer.readout.value
    assert "a sum of 7 products" in explorer.caption.get_text()
    # one cell per matrix entry: X, W, b, Z; and the broadcast copies of b, one per extra row
    assert len(explorer.cells.get_paths()) == 5 * 7 + 7 * 6 + 6 + 5 * 6
    assert len(explorer.ghosts.get_paths()) == 4 * 6
    assert "each of the 5 rows" in explorer.broadcast_note.get_text()

    explorer.batch.value = 1
    assert explorer.broadcast_note.get_text() == ""
    assert len(explorer.ghosts.get_paths()) == 0


def test_shape_explorer_shows_as_a_widget():
    explorer = nh.ShapeExplorer()
    data, _ = explorer._repr_mimebundle_()
    assert {"application/vnd.jupyter.widget-view+json", "image/png"} <= set(data)
    assert [s.description for s in explorer.widget.children[0].children] == [
        "batch",
        "n_inputs",
        "n_neurons",
    ]


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        ({"batch": 0}, ValueError, "batch must be a positive whole number, got 0"),
        (
            {"n_inputs": 9},
            ValueError,
            "n_inputs must be a whole number from 1 to max_size=8, got 9",
        ),
        ({"n_neurons": -2}, ValueError, "n_neurons must be a positive whole number, got -2"),
        ({"n_neurons": 2.5}, TypeError, "n_neurons must be a positive whole number, got float 2.5"),
        ({"batch": "4"}, TypeError, "batch must be a positive whole number, got str '4'"),
        ({"max_size": 40}, ValueError, "max_size must be between 2 and 12"),
    ],
)
def test_shape_explorer_refuses_bad_sizes(kwargs, error, message):
    with pytest.raises(error) as failure:
        nh.ShapeExplorer(**kwargs)
    assert message in str(failure.value)
