"""One colour per configuration, the same in every plot of the course, and told apart by every reader.

    nh.config_color("he")        # '#d55e00' in every lesson, every plot
    nh.config_color("lr 0.3")    # learning rates: one colour per half-decade, darker = larger rate

COLORS names the configurations the lessons compare (initializations, activations, classifiers). Every
set of them that a lesson plots together (PLOTTED_TOGETHER) gets colours that stay apart (CIEDE2000 at
least 10) for normal vision and under simulated deuteranopia and protanopia (tests/display/test_colors.py):
they come from the Okabe-Ito palette, made for readers with colour-vision deficiencies.
"lr <number>" labels take one of LR_COLORS, one colour per half-decade from 0.001 to 100 (a rate gets
the colour of the nearest grid rate 0.001, 0.00316, 0.01, ...): any of them stay apart as well, and the
larger the rate, the darker its colour. Any other label gets a colour from a fixed palette chosen by a
checksum of the label: the same label, the same colour, whatever else is on the plot.
Lesson 04's classifiers are named in words, which the lesson's translations translate: TRANSLATED gives a
translated name the colour of its English one.
"""

import math
import re
import zlib

from ..i18n import _

# The Okabe-Ito palette (Okabe & Ito 2008), without its yellow, too pale on white
BLACK, ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE = (
    "#000000",
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
)

COLORS = {
    # initializations (lesson 05 and wherever an initialization is compared); He is vermillion throughout
    "zeros": BLACK,
    "constant 0.5": PURPLE,
    "normal 0.01": SKY_BLUE,
    "uniform [-1, 1]": ORANGE,
    "xavier": GREEN,
    "he": VERMILLION,
    "he x 0.5": PURPLE,
    "he x 2": BLUE,
    # activations (lesson 07); tanh with each of its two initializations
    "relu": BLUE,
    "leaky_relu": ORANGE,
    "tanh": GREEN,
    "tanh + xavier": GREEN,
    "tanh + he": VERMILLION,
    "sigmoid": PURPLE,
    "linear": BLACK,
    # classifiers of the letters (lesson 04)
    "nearest template": BLACK,
    "30-8-3 on 3 clean letters": SKY_BLUE,
    "30-8-3 on noisy copies": VERMILLION,
    "30-16-3 on noisy copies": BLUE,
    "30-3 on noisy copies": ORANGE,
}

# The English name of each classifier of lesson 04, by its translation in the language nnhelpers speaks
# (nnhelpers.po; the lesson's catalogue must translate the name the same way, which
# tests/course/test_translations.py checks): a classifier keeps its colour in every edition.
TRANSLATED = {
    _("nearest template"): "nearest template",
    _("30-8-3 on 3 clean letters"): "30-8-3 on 3 clean letters",
    _("30-8-3 on noisy copies"): "30-8-3 on noisy copies",
    _("30-16-3 on noisy copies"): "30-16-3 on noisy copies",
    _("30-3 on noisy copies"): "30-3 on noisy copies",
}

# The sets of configurations that lessons plot together; each must be told apart (tests/display/test_colors.py)
PLOTTED_TOGETHER = {
    "04 classifiers": [
        "nearest template",
        "30-8-3 on 3 clean letters",
        "30-8-3 on noisy copies",
        "30-16-3 on noisy copies",
        "30-3 on noisy copies",
    ],
    "05 schemes": ["zeros", "constant 0.5", "normal 0.01", "uniform [-1, 1]", "xavier", "he"],
    "05 scales": ["normal 0.01", "he x 0.5", "xavier", "he", "he x 2", "uniform [-1, 1]"],
    "06 nine rates": [
        f"lr {lr:.3g}" for lr in (0.001, 0.00316, 0.01, 0.0316, 0.1, 0.316, 1, 3.16, 10)
    ],
    "06 spirals": ["lr 0.1", "lr 0.316", "lr 1", "lr 3.16", "lr 10"],
    "07 activations": ["relu", "leaky_relu", "sigmoid", "tanh", "linear"],
    "07 spirals": ["relu", "leaky_relu", "tanh + xavier", "tanh + he", "sigmoid"],
}

# lr 0.001, 0.00316, 0.01, ..., 100: lightest first; chosen to stay apart for every reader (see above)
LR_COLORS = [
    "#e1a51e",
    "#b496ff",
    "#d27869",
    "#9678b4",
    "#a56978",
    "#697800",
    "#9600ff",
    "#695a87",
    "#783c4b",
    "#3c3c00",
    "#5a0078",
]
LR_LOWEST = -3.0  # log10 of the rate of LR_COLORS[0]; one colour per half-decade

_PALETTE = [BLACK, ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE]
_LR = re.compile(r"^lr\s*=?\s*([0-9.eE+-]+)$")


def _normal(label):
    return " ".join(str(label).lower().replace("×", "x").split())


_ENGLISH = {_normal(translated): english for translated, english in TRANSLATED.items()}


def config_color(label):
    """The colour (a '#rrggbb' string) of the configuration called label, the same in every plot."""
    key = _normal(label)
    key = _ENGLISH.get(key, key)
    if key in COLORS:
        return COLORS[key]
    match = _LR.match(key)
    if match:
        try:
            lr = float(match.group(1))
        except ValueError:
            lr = None
        if lr is not None and lr > 0:
            step = round(2 * (math.log10(lr) - LR_LOWEST))
            return LR_COLORS[min(len(LR_COLORS) - 1, max(0, step))]
    return _PALETTE[zlib.crc32(key.encode()) % len(_PALETTE)]
