"""Decision regions of a network on a 2-D task: which class it predicts at every point of the plane.

    regions = DecisionRegions(ax, X, Y)     # X (batch, 2), Y (batch, n_outputs): the training points
    regions.update(network)                 # a trained nh.MLP (or None: no regions, e.g. it diverged)

The explorers of lessons 03 and 07 draw them beside the loss curve and redraw them with it. The
points are drawn once, coloured by their target class; the shade is the class the network gives
there, in the lighter tint of the same colour (the key below the plot pairs them); each update only replaces the colours of the
background image (a GRID x GRID raster), so a redraw costs one forward pass of GRID**2 points.
"""

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from ..i18n import _

GRID = 90  # points along each side of the raster
_POINT_COLOURS = ["#1f5fa8", "#c0392b", "#2e8b3c", "#8e44ad"]  # class 0, 1, 2, 3
# default title and axis labels, and what an empty plot says
TITLE, XLABEL, YLABEL = _("Decision regions"), _("input 1 ($x_1$)"), _("input 2 ($x_2$)")
NO_NETWORK = _("no network")
_REGION_COLOURS = ["#c6d9ef", "#f3cbc6", "#cbe8cf", "#e0cdea"]


def classes(outputs):
    """outputs (batch, n_outputs) -> the predicted class of each row, (batch,): the largest output, or for a
    single output, 1 where it is above 0.5 (the middle of the targets 0 and 1)."""
    outputs = np.asarray(outputs)
    if outputs.shape[1] == 1:
        return (outputs[:, 0] > 0.5).astype(int)
    return np.argmax(outputs, axis=1)


class DecisionRegions:
    """The decision regions of a network over the points X (batch, 2) with targets Y (batch, n_outputs)."""

    def __init__(
        self,
        ax,
        X,
        Y,
        title=TITLE,
        xlabel=XLABEL,
        ylabel=YLABEL,
    ):
        X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
        if X.ndim != 2 or X.shape[1] != 2:
            raise ValueError(
                _(
                    "decision regions need 2-D inputs, X of shape (batch, 2), got shape {shape}"
                ).format(shape=X.shape)
            )
        self.ax, self.title = ax, title
        self.labels = classes(Y)
        n_classes = max(2, Y.shape[1])
        if n_classes > len(_POINT_COLOURS):
            raise ValueError(
                _("decision regions can show at most {most} classes, got {n}").format(
                    most=len(_POINT_COLOURS), n=n_classes
                )
            )
        low, high = X.min(axis=0), X.max(axis=0)
        margin = 0.1 * np.maximum(high - low, 1e-9)
        (x0, y0), (x1, y1) = low - margin, high + margin
        xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
        self.grid = np.column_stack(
            [np.repeat(xs[None, :], GRID, 0).ravel(), np.repeat(ys[:, None], GRID, 1).ravel()]
        )
        self.X = X
        self.image = ax.imshow(
            np.zeros((GRID, GRID)),
            origin="lower",
            extent=(x0, x1, y0, y1),
            aspect="auto",
            cmap=ListedColormap(_REGION_COLOURS[:n_classes]),
            vmin=-0.5,
            vmax=n_classes - 0.5,
            interpolation="nearest",
        )
        self.points = ax.scatter(
            X[:, 0],
            X[:, 1],
            c=[_POINT_COLOURS[k] for k in self.labels],
            s=min(60, max(9, 900 / len(X))),
            linewidths=0.3,
            edgecolors="white",
        )  # few points (XOR's 4) are drawn larger
        ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=xlabel, ylabel=ylabel)
        ax.tick_params(labelsize=7)
        # the key: one entry per class, its region's shade edged in its points' colour
        names = (
            [_("class 0 (output < 0.5)"), _("class 1 (output > 0.5)")]
            if Y.shape[1] == 1
            else [_("class {k} (output {k} largest)").format(k=k) for k in range(n_classes)]
        )
        key = [
            Patch(facecolor=_REGION_COLOURS[k], edgecolor=_POINT_COLOURS[k], label=name)
            for k, name in enumerate(names)
        ]
        ax.legend(
            handles=key,
            loc="lower right",  # below the x label, at the foot of the figure, ending where it ends
            bbox_to_anchor=(1.0, 0.0),
            bbox_transform=blended_transform_factory(ax.transAxes, ax.figure.transFigure),
            ncol=2,
            fontsize=7,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
        )
        self.message = ax.text(
            0.5,
            0.5,
            "",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            bbox={"facecolor": "white", "alpha": 0.8, "lw": 0},
        )

    def changing(self):
        """The artists an update changes, in drawing order (for LiveFigure.animate): the points lie on the
        regions, so they are drawn again after them."""
        return [self.image, self.points, self.ax.title, self.message]

    def update(self, network, why_none=NO_NETWORK):
        """Colour the plane by network.predict; network None leaves it blank and says `why_none`."""
        if network is None:
            self.image.set_visible(False)
            self.message.set_text(why_none)
            self.ax.set_title(self.title, fontsize=9, y=1.0)  # y given: no search for a free place
            return
        with np.errstate(over="ignore", invalid="ignore"):
            grid_classes = classes(network.predict(self.grid)).reshape(GRID, GRID)
            right = int(np.sum(classes(network.predict(self.X)) == self.labels))
        self.image.set_data(grid_classes)
        self.image.set_visible(True)
        self.message.set_text("")
        self.ax.set_title(
            _("{title}: {right} of {n} points right").format(
                title=self.title, right=right, n=len(self.X)
            ),
            fontsize=9,
            y=1.0,
        )
