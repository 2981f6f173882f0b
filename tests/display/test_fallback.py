"""Static pictures beside widget views: what an unrun or reopened notebook shows instead of an error."""

import base64
import io

import nbformat
import numpy as np
import pytest
from matplotlib.image import imread

import nnhelpers as nh
from nnhelpers.display.fallback import (
    MARK,
    RUN_TO_USE,
    WIDGET_VIEW,
    pre_save_hook,
    without_live_widgets,
)
from nnhelpers.display.live_figure import PIXEL_RATIO


def explorers():
    X, Y, _ = nh.letters()
    return {
        "neuron": nh.NeuronExplorer(w=1.0, b=0.0),
        "training": nh.TrainingExplorer(X, Y, epochs=20, threshold=1e-4, controls=("lr", "band")),
        "shapes": nh.ShapeExplorer(),
        "letter pad": nh.LetterPad(
            lambda x: np.tile([[0.2, 0.5, 0.3]], (len(np.atleast_2d(x)), 1))
        ),
    }


@pytest.mark.parametrize("name", ["neuron", "training", "shapes", "letter pad"])
def test_an_explorer_carries_a_sharp_picture_of_its_first_view(name):
    explorer = explorers()[name]
    data, metadata = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in data and metadata[MARK] is True
    picture = imread(io.BytesIO(base64.b64decode(data["image/png"])))
    shown = metadata["image/png"]["width"]
    assert shown == explorer.live.shown_width == int(explorer.live.image.width)
    assert picture.shape[1] == PIXEL_RATIO * shown  # drawn at twice the size it is shown
    assert abs(picture.shape[0] - PIXEL_RATIO * metadata["image/png"]["height"]) <= PIXEL_RATIO
    first = explorer.live.first_view / 255
    assert np.allclose(
        picture[-first.shape[0] :], first, atol=1 / 255
    )  # the first view, under a caption
    live = imread(io.BytesIO(explorer.live.image.value))  # what the live widget shows first
    assert np.allclose(live, first[:, :, :3], atol=1 / 255)
    assert picture.shape[0] > first.shape[0]
    assert "Run the cell to" in data["text/plain"]


def test_the_picture_stays_the_first_view_after_a_slider_moves():
    explorer = nh.NeuronExplorer(w=1.0, b=0.0)
    first = explorer.live.first_view.copy()
    explorer.w.value = -3.0
    assert np.array_equal(explorer.live.first_view, first)
    assert not np.array_equal(
        explorer.live.first_view, np.asarray(explorer.live.figure.canvas.buffer_rgba())
    )


def test_a_quiz_carries_its_question_as_html_without_an_answer():
    data, metadata = nh.Quiz("Which <one>?", {"a": "this", "b": "that & more"})._repr_mimebundle_()
    assert WIDGET_VIEW in data and metadata[MARK] is True
    assert "Which &lt;one&gt;?" in data["text/html"] and "that &amp; more" in data["text/html"]
    assert "Run the cell to answer" in data["text/html"]


def _notebook():
    nb = nbformat.v4.new_notebook()
    explorer = nbformat.v4.new_code_cell("nh.NeuronExplorer()")
    data, metadata = nh.NeuronExplorer()._repr_mimebundle_()
    explorer.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    plain_widget = nbformat.v4.new_code_cell("ipywidgets.IntSlider()")
    plain_widget.outputs = [
        nbformat.v4.new_output(
            "display_data", data={WIDGET_VIEW: {"model_id": "x"}, "text/plain": "IntSlider()"}
        )
    ]
    nb.cells = [explorer, plain_widget, nbformat.v4.new_markdown_cell("text")]
    return nb


def test_a_stored_notebook_keeps_the_picture_and_drops_only_the_widget_views_that_have_one():
    nb = without_live_widgets(_notebook())
    assert set(nb.cells[0].outputs[0].data) == {"image/png", "text/plain"}
    assert RUN_TO_USE in nb.cells[0].outputs[0].data["text/plain"]
    assert WIDGET_VIEW in nb.cells[1].outputs[0].data  # not ours: left as it was
    nbformat.validate(nb)


def test_the_save_hook_changes_notebooks_only():
    model = {"type": "notebook", "content": _notebook()}
    pre_save_hook(model, path="x.ipynb", contents_manager=None)
    assert WIDGET_VIEW not in model["content"].cells[0].outputs[0].data
    text = {"type": "file", "content": "WIDGET"}
    pre_save_hook(text, path="x.txt", contents_manager=None)
    assert text["content"] == "WIDGET"
