"""What a widget output shows when no kernel is behind it: a static picture, never an error.

A live explorer is an ipywidgets view: JupyterLab can draw it only while the kernel that made it runs.
Opened before running, or reopened after a save, the stored view has no model behind it, and
JupyterLab shows "Error displaying widget: model not found" (or, in an untrusted notebook, the
widget's Python repr). So every explorer and quiz displays a bundle that holds, next to the widget
view, a picture of its first view with the words "Run the cell to use the sliders" (a PNG for an
explorer, HTML for a quiz). A live kernel shows the widget; the stored file keeps only the picture:
`without_live_widgets` drops the widget views that have one, and is called when a notebook is saved
from JupyterLab (tools/jupyter/jupyter_server_config.py) and when tools/run_notebooks.py stores the
outputs. The picture is drawn at twice its shown size, so it is sharp on a high-density screen.
"""

import base64
import html
import io

from ..i18n import _

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MARK = "nnhelpers_fallback"  # output metadata key: this output holds a static picture of its widget
RUN_TO_USE = _("Run the cell to use the sliders")


def _caption_png(rgba, dpi, shown_width, caption):
    """A PNG of the pixels `rgba` (h, w, 4) with `caption` in a band above them; its height in CSS px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height, width = rgba.shape[:2]
    band = round(0.3 * dpi)
    figure = Figure(figsize=(width / dpi, (height + band) / dpi), dpi=dpi)
    FigureCanvasAgg(figure)
    figure.figimage(rgba, 0, 0)
    figure.text(
        0.5 * band / width,
        1 - 0.5 * band / (height + band),
        f"▶  {caption}",
        va="center",
        fontsize=10,
        color="#1a5fb4",
        fontweight="bold",
    )
    buffer = io.BytesIO()
    figure.canvas.print_png(buffer)
    return buffer.getvalue(), shown_width * (height + band) / width


def explorer_bundle(widget, live, caption=RUN_TO_USE, **kwargs):
    """The display bundle of an explorer: its widget view, and a picture of `live` (a LiveFigure)
    as first drawn, with `caption` above it, for when no kernel is running."""
    data = widget._repr_mimebundle_(**kwargs)
    png, height = _caption_png(live.first_view, live.figure.dpi, live.shown_width, caption)
    data["image/png"] = base64.b64encode(png).decode("ascii")
    data["text/plain"] = _(
        "{caption} (a static picture of the explorer is shown until then)."
    ).format(caption=caption)
    metadata = {"image/png": {"width": live.shown_width, "height": round(height)}, MARK: True}
    return data, metadata


def quiz_bundle(widget, question, options, **kwargs):
    """The display bundle of a quiz: its widget view, and the question with its choices as HTML."""
    data = widget._repr_mimebundle_(**kwargs)
    choices = "".join(
        f"<li><b>{html.escape(key)}</b>: {html.escape(text)}</li>" for key, text in options.items()
    )
    data["text/html"] = (
        f"<p><b>{html.escape(question)}</b></p><ul>{choices}</ul>"
        + "<p><i>"
        + _("Run the cell to answer with the buttons.")
        + "</i></p>"
    )
    data["text/plain"] = (
        question
        + "\n"
        + "\n".join(f"  {k}: {v}" for k, v in options.items())
        + "\n("
        + _("Run the cell to answer with the buttons.")
        + ")"
    )
    return data, {MARK: True}


def without_live_widgets(nb):
    """Drop, in place, every widget view of `nb` (a notebook dict or NotebookNode) that has a static
    picture beside it, so the stored file shows the picture; other outputs are left as they are."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("metadata", {}).get(MARK) and WIDGET_VIEW in output.get("data", {}):
                del output["data"][WIDGET_VIEW]
    return nb


def pre_save_hook(model, **kwargs):
    """Jupyter server's FileContentsManager.pre_save_hook: store notebooks without live widget views."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        without_live_widgets(model["content"])
