"""A draw-a-letter pad: a 5x6 grid of clickable cells and a live bar chart of a model's scores."""

import ipywidgets as widgets
import numpy as np

from ..data.letter_bitmaps import LETTER_SHAPE, letters
from ..i18n import _
from .fallback import explorer_bundle
from .live_figure import LiveFigure

INK, PAPER = "#222222", "#f4f4f4"


class LetterPad:
    """Click cells to draw; the bar chart shows predict(pixels) after every click.

    predict: a function X (1, 30) -> scores (1, n_classes), e.g. net.predict.
    start: the letter the pad starts from ("a", "b", "c") or "blank".
    pixels(): the current drawing as an array (30,), row by row.
    """

    def __init__(self, predict, start="a"):
        if not callable(predict):
            raise TypeError(
                _(
                    "predict must be a function X (1, 30) -> scores (1, n_classes), got {kind}"
                ).format(kind=type(predict).__name__)
            )
        templates, _targets, self.names = letters()
        self.templates = dict(zip(self.names, templates))
        if start not in self.templates and start != "blank":
            raise ValueError(
                _("start must be one of {names}, got {start!r}").format(
                    names=self.names + ["blank"], start=start
                )
            )
        self.predict = predict
        self.cells = []
        for index in range(LETTER_SHAPE[0] * LETTER_SHAPE[1]):
            cell = widgets.Button(
                layout=widgets.Layout(width="34px", height="34px", padding="0", margin="1px"),
                tooltip=_("row {row}, column {column}").format(
                    row=index // LETTER_SHAPE[1], column=index % LETTER_SHAPE[1]
                ),
            )
            cell.on_click(lambda _button, index=index: self.toggle(index))
            self.cells.append(cell)
        self.grid = widgets.GridBox(
            self.cells,
            layout=widgets.Layout(
                grid_template_columns=f"repeat({LETTER_SHAPE[1]}, 36px)", width="fit-content"
            ),
        )
        self.start = widgets.Dropdown(
            options=self.names + ["blank"],
            value=start,
            description=_("start from"),
            layout=widgets.Layout(width="180px"),
        )
        self.start.observe(lambda change: self.reset(change["new"]), names="value")
        self.verdict = widgets.HTML()
        self.live = LiveFigure(figsize=(3.8, 2.6))
        self.ax = self.live.figure.add_subplot()
        self.bars = self.ax.bar(self.names, np.zeros(len(self.names)), color="C0")
        self.ax.axhline(0, color="gray", lw=0.8)
        self.ax.set(ylabel=_("score"), title=_("the network's scores"))
        self.values = [
            self.ax.text(i, 0, "", ha="center", va="bottom", fontsize=9)
            for i in range(len(self.names))
        ]
        self._pixels = np.zeros(LETTER_SHAPE[0] * LETTER_SHAPE[1])
        self.widget = widgets.HBox(
            [widgets.VBox([self.start, self.grid]), widgets.VBox([self.verdict, self.live.image])]
        )
        self.reset(start)

    def pixels(self):
        return self._pixels.copy()

    def reset(self, letter):
        """Start again from a letter ("a", "b", "c") or from a blank pad."""
        self._pixels = (
            np.zeros_like(self._pixels) if letter == "blank" else self.templates[letter].copy()
        )
        for cell, value in zip(self.cells, self._pixels):
            cell.style.button_color = INK if value else PAPER
        self.update()

    def toggle(self, index):
        """Flip one cell (0-29, row by row) and redraw the scores."""
        self._pixels[index] = 1.0 - self._pixels[index]
        self.cells[index].style.button_color = INK if self._pixels[index] else PAPER
        self.update()

    def update(self):
        scores = np.asarray(self.predict(self._pixels[None, :]), dtype=float).ravel()
        if scores.shape != (len(self.names),):
            raise ValueError(
                _("predict must return {n} scores for one drawing, got shape {shape}").format(
                    n=len(self.names), shape=scores.shape
                )
            )
        best = int(scores.argmax())
        for i, (bar, text, score) in enumerate(zip(self.bars, self.values, scores)):
            bar.set_height(score)
            bar.set_color("C1" if i == best else "C0")
            text.set_position((i, max(score, 0)))
            text.set_text(f"{score + 0.0:.2f}".replace("-0.00", "0.00"))  # never "-0.00"
        low, high = min(0.0, scores.min()), max(1.0, scores.max())
        self.ax.set_ylim(low - 0.1, high + 0.2)
        changed = int(np.sum(self._pixels != self.templates[self.names[best]]))
        if changed == 1:
            verdict = _("looks most like <b>{letter}</b> ({n} pixel differs from its template)")
        else:
            verdict = _("looks most like <b>{letter}</b> ({n} pixels differ from its template)")
        self.verdict.value = verdict.format(letter=self.names[best], n=changed)
        self.live.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(
            self.widget, self.live, _("Run the cell to draw on the pad"), **kwargs
        )
