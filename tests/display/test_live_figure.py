"""LiveFigure's PNG: what a PNG decoder (Pillow's) reads back is the figure's pixels, exactly;
the loss axes' round limits, which let an explorer redraw only its curves."""

import io

import numpy as np
import PIL.Image

from nnhelpers.display.live_figure import LiveFigure, png_bytes
from nnhelpers.display.plots import loss_ylim


def decoded(png):
    image = PIL.Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGB"
    return np.asarray(image)


def test_png_bytes_decode_to_the_pixels_given():
    rng = np.random.default_rng(0)
    for shape in [(1, 1, 3), (7, 13, 3), (40, 3, 3)]:
        pixels = rng.integers(0, 256, size=shape, dtype=np.uint8)
        assert np.array_equal(decoded(png_bytes(pixels)), pixels), shape


def test_a_refreshed_figure_is_its_canvas_pixels():
    live = LiveFigure(figsize=(3, 2))
    ax = live.figure.add_subplot()
    ax.plot([0, 1, 2], [1.0, 0.3, 0.1])
    ax.set_title("loss")
    live.refresh()
    pixels = np.asarray(live.figure.canvas.buffer_rgba())[:, :, :3]
    assert decoded(live.image.value).shape == (2 * 90 * 2, 3 * 90 * 2, 3)
    assert np.array_equal(decoded(live.image.value), pixels)
    assert np.array_equal(live.first_view[:, :, :3], pixels)


def test_loss_limits_are_round_numbers():
    # log: half the lowest loss, 0.012 / 2 = 0.006, down to a power of ten; 3 x 0.7 = 2.1 up to 3
    assert loss_ylim([np.array([0.7, 0.05, 0.012])], log=True) == (0.001, 3.0)
    # an explosion (inf) is skipped; the largest start counts: 3 x 4 = 12 -> 20
    assert loss_ylim([np.array([4.0, np.inf]), np.array([1.0, 0.5])], log=True) == (0.1, 20.0)
    # a top already round stays: 3 x (1 / 3) = 1
    assert loss_ylim([np.array([1 / 3, 0.2])], log=True)[1] == 1.0
    # linear: from 0 to 3 x 0.5, as it comes (the top is the same for every learning rate)
    assert loss_ylim([np.array([0.5, 0.25])], log=False) == (0.0, 1.5)
