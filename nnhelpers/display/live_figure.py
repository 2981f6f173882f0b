"""LiveFigure: the plumbing every explorer draws with.

The plot is a Matplotlib figure rendered to PNG into an Image widget, so moving a slider redraws
only that image (no flicker, no new output area) in a few tens of milliseconds.
"""

import io

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SHOWN_DPI = 90  # CSS pixels per inch of figure: a 6.5 in wide figure is shown 585 px wide
PIXEL_RATIO = 2  # drawn with twice as many pixels, so it is sharp on a high-density screen
COMPRESS_LEVEL = 3  # zlib level of the PNG: see png()


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
        self.animated, self._background, self._frame = [], None, None

    def animate(self, *artists, frame=None):
        """Mark the artists that change from one refresh to the next; everything else is drawn once and
        kept as a background image, onto which later refreshes draw only these (blitting), in this
        order. frame: what the background depends on besides (axis limits, ticks, say): while it stays
        equal to the last one given, the background is kept; otherwise, or with frame None, the next
        refresh draws it all."""
        for artist in artists:
            artist.set_animated(True)
        self.animated = list(artists)
        if frame is None or frame != self._frame:
            self._background = None  # drawn at the next refresh
        self._frame = frame

    def _draw(self):
        canvas = self.figure.canvas
        animated = self.animated
        if not animated:
            canvas.draw()
            return
        if self._background is None:
            canvas.draw()  # the animated artists are left out of a full drawing
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in animated:
            self.figure.draw_artist(artist)

    def png(self):
        """Draw the figure and return it as PNG bytes: RGB (the figure is opaque, so the alpha channel
        would only add a quarter to the pixels) at zlib level 3, which encodes about twice as fast as
        Matplotlib's RGBA at level 6 for a file about a tenth larger, nothing next to the time it saves."""
        canvas = self.figure.canvas
        self._draw()
        pixels = np.asarray(canvas.buffer_rgba())
        buffer = io.BytesIO()
        PIL.Image.fromarray(pixels[:, :, :3]).save(
            buffer, format="png", compress_level=COMPRESS_LEVEL
        )
        if self.first_view is None:
            self.first_view = pixels.copy()
        return buffer.getvalue()

    def refresh(self):
        self.image.value = self.png()
        self.figure.set_layout_engine("none")  # keep the layout found by the first drawing
