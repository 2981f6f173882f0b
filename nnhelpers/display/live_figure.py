"""LiveFigure: the plumbing every explorer draws with.

The plot is a Matplotlib figure rendered to PNG into an Image widget, so moving a slider redraws
only that image (no flicker, no new output area) in a few tens of milliseconds.
"""

import struct
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

SHOWN_DPI = 90  # CSS pixels per inch of figure: a 6.5 in wide figure is shown 585 px wide
PIXEL_RATIO = 2  # drawn with twice as many pixels, so it is sharp on a high-density screen
COMPRESS_LEVEL = 3  # zlib level of the PNG: see png_bytes()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgb):
    """PNG bytes of pixels (height, width, 3) uint8, each row unfiltered (PNG filter type 0).

    Pillow tries PNG's five row filters on every row and keeps the best. A plot is mostly flat
    colour, where no filter compresses as well (a lesson 07 explorer picture: 117 KB either way)
    and encodes four times as fast (5 ms against 20 ms): the largest part of a redraw, saved."""
    height, width, _ = rgb.shape
    rows = np.zeros((height, 1 + 3 * width), np.uint8)  # a leading 0 on each row: no filter
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows.tobytes(), COMPRESS_LEVEL))
        + _chunk(b"IEND", b"")
    )


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
        self._axes, self._stale, self._box = None, False, None  # see animate() and _draw_axes()

    def animate(self, *artists, frame=None, axes=None):
        """Mark the artists that change from one refresh to the next; everything else is drawn once and
        kept as a background image, onto which later refreshes draw only these (blitting), in this
        order. frame: what the background depends on besides (axis limits, ticks, say): while it stays
        equal to the last one given, the background is kept; otherwise, or with frame None, the next
        refresh draws it again: all of it, or only the part of `axes` if given (an Axes of the
        figure that nothing else overlaps, ticks and labels included) and the figure has others
        (drawing one Axes alone costs about what drawing the figure does, and finding where it
        drew, a few milliseconds more)."""
        for artist in artists:
            artist.set_animated(True)
        self.animated = list(artists)
        if len(self.figure.axes) == 1:
            axes = None
        if frame is None or frame != self._frame or axes is not self._axes:
            if axes is not None and axes is self._axes and self._background is not None:
                self._stale = True
            else:
                self._background = None  # all drawn at the next refresh
        self._frame, self._axes = frame, axes

    def _draw(self):
        canvas = self.figure.canvas
        animated = self.animated
        if not animated:
            canvas.draw()
            return
        if self._background is None:
            canvas.draw()  # the animated artists are left out of a full drawing
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            if self._axes is not None:
                self._box = self._axes.get_tightbbox(canvas.get_renderer())
        else:
            canvas.restore_region(self._background)
            if self._stale:
                self._draw_axes()
                self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._stale = False
        for artist in animated:
            self.figure.draw_artist(artist)

    def _draw_axes(self):
        """Draw the background of animate()'s axes again, and only it: clear the pixels where it drew
        last time and where it draws now to the figure's colour, then draw it there (a whole drawing
        lays the same pixels: the figure's colour, then the axes)."""
        renderer = self.figure.canvas.get_renderer()
        box = self._axes.get_tightbbox(renderer)
        cleared = Bbox.union([self._box, box])
        self._box = box
        pixels = np.asarray(self.figure.canvas.buffer_rgba())
        height = pixels.shape[0]
        left, bottom = max(int(cleared.x0) - 2, 0), max(int(cleared.y0) - 2, 0)
        right, top = int(np.ceil(cleared.x1)) + 2, int(np.ceil(cleared.y1)) + 2
        colour = np.round(255 * np.array(to_rgba(self.figure.get_facecolor())))
        pixels[max(height - top, 0) : height - bottom, left:right] = colour.astype(np.uint8)
        self.figure.draw_artist(self._axes)

    def png(self):
        """Draw the figure and return it as PNG bytes (png_bytes): RGB, as the figure is opaque (an
        alpha channel would only add a quarter to the pixels), at zlib level 3."""
        self._draw()
        pixels = np.asarray(self.figure.canvas.buffer_rgba())
        if self.first_view is None:
            self.first_view = pixels.copy()
        return png_bytes(pixels[:, :, :3])

    def refresh(self):
        self.image.value = self.png()
        self.figure.set_layout_engine("none")  # keep the layout found by the first drawing
