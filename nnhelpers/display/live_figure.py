"""LiveFigure: the plumbing every explorer draws with.

The plot is a Matplotlib figure rendered to PNG into an Image widget, so moving a slider redraws
only that image (no flicker, no new output area) in a few tens of milliseconds.
"""
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .fallback import rgba_of

SHOWN_DPI = 90     # CSS pixels per inch of figure: a 6.5 in wide figure is shown 585 px wide
PIXEL_RATIO = 2    # drawn with twice as many pixels, so it is sharp on a high-density screen


class LiveFigure:
    """A Matplotlib figure shown in an Image widget; call refresh() after changing the figure.

    The first refresh lays the figure out (constrained layout); later ones keep that layout,
    because re-computing it would take most of the redraw time. The image is shown at
    shown_width CSS px (never stretched) and drawn at PIXEL_RATIO times that; first_view holds the
    pixels of the first drawing (the static picture shown while no kernel runs, nnhelpers.display.fallback).
    """

    def __init__(self, figsize=(6.5, 3.4)):
        self.figure = Figure(figsize=figsize, dpi=SHOWN_DPI * PIXEL_RATIO, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.shown_width = round(figsize[0] * SHOWN_DPI)
        self.image = widgets.Image(format="png", width=str(self.shown_width))
        self.first_view = None

    def png(self):
        buffer = io.BytesIO()
        # The same PNG as savefig (which would draw twice while a layout engine is set); light
        # compression, since the picture only travels to the browser on this machine.
        self.figure.canvas.print_png(buffer, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def refresh(self):
        self.image.value = self.png()
        if self.first_view is None:
            self.first_view = rgba_of(self.figure)
        self.figure.set_layout_engine("none")   # keep the layout found by the first drawing
