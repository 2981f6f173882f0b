"""LiveFigure: the plumbing every explorer draws with.

The plot is a Matplotlib figure rendered to PNG into an Image widget, so moving a slider redraws
only that image (no flicker, no new output area) in a few tens of milliseconds.
"""
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


class LiveFigure:
    """A Matplotlib figure shown in an Image widget; call refresh() after changing the figure.

    The first refresh lays the figure out (constrained layout); later ones keep that layout,
    because re-computing it would take most of the redraw time.
    """

    def __init__(self, figsize=(6.5, 3.4)):
        self.figure = Figure(figsize=figsize, dpi=90, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png")

    def png(self):
        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer)   # the same PNG as savefig, which would draw twice while a layout engine is set
        return buffer.getvalue()

    def refresh(self):
        self.image.value = self.png()
        self.figure.set_layout_engine("none")   # keep the layout found by the first drawing
