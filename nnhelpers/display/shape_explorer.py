"""The shape explorer of lesson 02: sliders for the batch size, the number of inputs and the number of
neurons, and a picture of the matrices of one dense layer, each cell a square:

    X (batch, n_inputs) @ W (n_inputs, n_neurons) + b (1, n_neurons) = Z (batch, n_neurons)

    explorer = ShapeExplorer(batch=4, n_inputs=3, n_neurons=2)
    explorer                       # in a notebook: the sliders and the picture
    explorer.batch.value = 5       # the sliders are attributes: batch, n_inputs, n_neurons
    explorer.shapes()              # {"X": (5, 3), "W": (3, 2), "b": (1, 2), "Z": (5, 2)}
"""

import ipywidgets as widgets
from matplotlib.collections import PolyCollection

from ..engine.validation import check_positive_int
from ..i18n import _
from .explorer_core import Explorer

# name: (long name, meaning of the axes, light colour, dark colour for the highlighted cells)
_MATRICES = {
    "X": (_("inputs"), "(batch, n_inputs)", "#c6dbef", "#2171b5"),
    "W": (_("weights"), "(n_inputs, n_neurons)", "#fdd0a2", "#d94801"),
    "b": (_("biases"), "(1, n_neurons)", "#c7e9c0", "#238b45"),
    "Z": (_("outputs"), "(batch, n_neurons)", "#dadaeb", "#6a51a3"),
}
_OPERATORS = ("@", "+", "=")
_GAP = 2.6  # space between two matrix slots, where the operator goes


def _square(x, y):
    """The corners of the unit cell whose top-left corner is (x, y), y growing downwards."""
    return [(x + 0.06, y + 0.06), (x + 0.94, y + 0.06), (x + 0.94, y + 0.94), (x + 0.06, y + 0.94)]


class ShapeExplorer(Explorer):
    """Sliders for the sizes of one dense layer and a picture of its matrices with their shapes.

    batch, n_inputs, n_neurons: the starting sizes, whole numbers from 1 to max_size (default 8).
    Shapes drawn: X (batch, n_inputs), W (n_inputs, n_neurons), b (1, n_neurons), Z (batch, n_neurons).
    The first row of X, the first column of W, the first bias and the output they make, z[0, 0], are
    highlighted; the faint rows under b are the copies that broadcasting adds to every example.

    Attributes: batch, n_inputs, n_neurons (IntSliders; set .value to redraw), live (the LiveFigure;
    live.image.value is the PNG), readout (an HTML widget with the shapes), labels (the Matplotlib
    Text of each matrix's shape, by name "X", "W", "b", "Z"), widget (everything, in a VBox).
    """

    def __init__(self, batch=4, n_inputs=3, n_neurons=2, max_size=8):
        self.max_size = check_positive_int(max_size, "max_size")
        if not 2 <= self.max_size <= 12:
            raise ValueError(
                _(
                    "max_size must be between 2 and 12 (cells must stay readable), got {value}"
                ).format(value=self.max_size)
            )
        sizes = {}
        for name, value in (("batch", batch), ("n_inputs", n_inputs), ("n_neurons", n_neurons)):
            value = check_positive_int(value, name)
            if value > self.max_size:
                raise ValueError(
                    _(
                        "{name} must be a whole number from 1 to max_size={most}, got {value}"
                    ).format(name=name, most=self.max_size, value=value)
                )
            sizes[name] = value
        style = {"description_width": "80px"}
        self.batch = widgets.IntSlider(
            value=sizes["batch"], min=1, max=self.max_size, description="batch", style=style
        )
        self.n_inputs = widgets.IntSlider(
            value=sizes["n_inputs"], min=1, max=self.max_size, description="n_inputs", style=style
        )
        self.n_neurons = widgets.IntSlider(
            value=sizes["n_neurons"], min=1, max=self.max_size, description="n_neurons", style=style
        )
        width, top, bottom = 4 * self.max_size + 3 * _GAP, -3.5, self.max_size + 4.2
        # the figure's shape matches the drawing (see _build_figure)
        super().__init__(
            [self.batch, self.n_inputs, self.n_neurons],
            figsize=(10, 10 * (bottom - top) / (width + 0.6)),
        )
        self._build_figure(width, top, bottom)
        self.watch(self.batch, self.n_inputs, self.n_neurons)
        self.update()

    def _slot(self, i):
        """x of the left edge of matrix slot i (0 = X, 1 = W, 2 = b, 3 = Z); each slot is max_size wide."""
        return i * (self.max_size + _GAP)

    def _build_figure(self, width, top, bottom):
        m = self.max_size
        # A fixed layout: the axes fill the figure, whose shape matches the drawing, so a cell is
        # always the same size and the matrices visibly grow and shrink with the sliders.
        self.live.figure.set_layout_engine("none")
        ax = self.ax = self.live.figure.add_axes((0, 0, 1, 1))
        ax.set(xlim=(-0.3, width + 0.3), ylim=(bottom, top), aspect="equal")
        ax.axis("off")
        self.cells = PolyCollection([], linewidths=0)
        self.ghosts = PolyCollection(
            [], linewidths=0.8, linestyles="--", facecolors="none", edgecolors="#238b45"
        )
        ax.add_collection(self.ghosts)
        ax.add_collection(self.cells)
        self.labels, self._titles = {}, {}
        for i, (name, (long_name, meaning, _light, dark)) in enumerate(_MATRICES.items()):
            centre = self._slot(i) + m / 2
            ax.text(
                centre,
                -2.9,
                f"{name}: {long_name}",
                ha="center",
                va="center",
                fontsize=11,
                fontweight="bold",
                color=dark,
            )
            self.labels[name] = ax.text(
                centre, -1.8, "", ha="center", va="center", fontsize=14, family="monospace"
            )
            ax.text(
                centre,
                -0.8,
                meaning,
                ha="center",
                va="center",
                fontsize=9,
                color="0.35",
                family="monospace",
            )
        for i, op in enumerate(_OPERATORS):
            ax.text(
                self._slot(i + 1) - _GAP / 2,
                0.5,
                op,
                ha="center",
                va="center",
                fontsize=20,
                fontweight="bold",
            )
        self.broadcast_note = ax.text(
            self._slot(2) + m / 2,
            0,
            "",
            ha="center",
            va="top",
            fontsize=9,
            color="#238b45",
            style="italic",
        )
        self.caption = ax.text(
            width / 2, m + 3.2, "", ha="center", va="center", fontsize=10, linespacing=1.5
        )
        # the titles and operators never change: drawn once, the rest is drawn onto them at every redraw
        self.live.animate(
            self.ghosts, self.cells, *self.labels.values(), self.broadcast_note, self.caption
        )

    def shapes(self):
        """The current shapes: {"X": (batch, n_inputs), "W": (n_inputs, n_neurons), "b": (1, n_neurons),
        "Z": (batch, n_neurons)}."""
        batch, n_in, n_out = self.batch.value, self.n_inputs.value, self.n_neurons.value
        return {"X": (batch, n_in), "W": (n_in, n_out), "b": (1, n_out), "Z": (batch, n_out)}

    def _cells(self, slot, rows, cols, light, dark, highlighted):
        """Squares and colours of a rows x cols matrix centred in its slot; highlighted(r, c) -> bool."""
        x0 = self._slot(slot) + (self.max_size - cols) / 2
        squares, colours = [], []
        for r in range(rows):
            for c in range(cols):
                squares.append(_square(x0 + c, r))
                colours.append(dark if highlighted(r, c) else light)
        return squares, colours

    def update(self):
        """Redraw the matrices, the shape labels, the equation and the caption for the current sliders."""
        shapes = self.shapes()
        batch, n_in = shapes["X"]
        n_out = shapes["W"][1]
        highlight = {
            "X": lambda r, c: r == 0,
            "W": lambda r, c: c == 0,
            "b": lambda r, c: c == 0,
            "Z": lambda r, c: r == 0 and c == 0,
        }
        squares, colours = [], []
        for slot, (name, (_long_name, _meaning, light, dark)) in enumerate(_MATRICES.items()):
            rows, cols = shapes[name]
            s, c = self._cells(slot, rows, cols, light, dark, highlight[name])
            squares += s
            colours += c
            self.labels[name].set_text(str(shapes[name]))
        self.cells.set_verts(squares)
        self.cells.set_facecolors(colours)
        ghost_x0 = self._slot(2) + (self.max_size - n_out) / 2
        self.ghosts.set_verts(
            [_square(ghost_x0 + c, r) for r in range(1, batch) for c in range(n_out)]
        )
        if batch > 1:
            self.broadcast_note.set_position((self._slot(2) + self.max_size / 2, batch + 0.15))
            self.broadcast_note.set_text(
                _("b is added to each of the {batch} rows").format(batch=batch)
                + "\n"
                + _("(broadcasting)")
            )
        else:
            self.broadcast_note.set_text("")
        if n_in == 1:
            first = _(
                "dark cells: z[0, 0] = x[0, :] · w[:, 0] + b[0, 0], a sum of 1 product plus a bias."
            )
        else:
            first = _(
                "dark cells: z[0, 0] = x[0, :] · w[:, 0] + b[0, 0], a sum of {n} products plus a bias."
            ).format(n=n_in)
        self.caption.set_text(
            first + "\n" + _("Rows of X and Z are examples; columns of W, b and Z are neurons.")
        )
        x, w, b, z = (shapes[k] for k in "XWbZ")
        parameters = n_in * n_out + n_out
        self.readout.value = f"<code>X {x} @ W {w} + b {b} → Z {z}</code> &nbsp; " + _(
            "The inner sizes must match ({n_in} = {n_in}); the layer has "
            "{n_in} × {n_out} + {n_out} = {parameters} parameters."
        ).format(n_in=n_in, n_out=n_out, parameters=parameters)
        self.live.refresh()
