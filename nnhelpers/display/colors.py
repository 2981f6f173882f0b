"""One colour per configuration, the same in every plot of the course.

    nh.config_color("he")        # '#d62728' in every lesson, every plot
    nh.config_color("lr 0.3")    # learning rates: a colour scale, darker = larger rate

COLORS names the configurations the lessons compare (initializations, activations, classifiers).
"lr <number>" labels take a colour from one fixed scale by the logarithm of the rate (1e-3 to 100).
Any other label gets a colour of its own from a fixed palette, chosen by a checksum of the label:
the same label, the same colour, whatever else is on the plot.
"""
import re
import zlib

import matplotlib

COLORS = {
    # initializations (lesson 05 and wherever an initialization is compared)
    "zeros": "#7f7f7f", "constant 0.5": "#bcbd22", "normal 0.01": "#17becf",
    "uniform [-1, 1]": "#ff7f0e", "xavier": "#2ca02c", "he": "#d62728",
    "he x 0.5": "#ff9896", "he x 2": "#8c1a1a",
    # activations (lesson 07); tanh with each of its two initializations
    "relu": "#1f77b4", "leaky_relu": "#9467bd", "tanh": "#8c564b", "tanh + xavier": "#8c564b",
    "tanh + he": "#c49c94", "sigmoid": "#e377c2", "linear": "#555555",
    # classifiers of the letters (lesson 04)
    "nearest template": "#000000", "30-8-3 on 3 clean letters": "#9edae5",
    "30-8-3 on noisy copies": "#393b79", "30-16-3 on noisy copies": "#6b6ecf",
    "30-3 on noisy copies": "#e7969c",
}
_PALETTE = ["#637939", "#b5cf6b", "#8c6d31", "#e7ba52", "#843c39", "#d6616b", "#7b4173", "#ce6dbd",
            "#3182bd", "#6baed6", "#e6550d", "#fd8d3c", "#31a354", "#74c476", "#756bb1", "#9e9ac8"]
_LR = re.compile(r"^lr\s*=?\s*([0-9.eE+-]+)$")
LR_RANGE = (1e-3, 1e2)


def _normal(label):
    return " ".join(str(label).lower().replace("×", "x").split())


def config_color(label):
    """The colour (a '#rrggbb' string) of the configuration called label, the same in every plot."""
    key = _normal(label)
    if key in COLORS:
        return COLORS[key]
    match = _LR.match(key)
    if match:
        try:
            lr = float(match.group(1))
        except ValueError:
            lr = None
        if lr is not None and lr > 0:
            import math
            low, high = (math.log10(v) for v in LR_RANGE)
            t = min(1.0, max(0.0, (math.log10(lr) - low) / (high - low)))
            return matplotlib.colors.to_hex(matplotlib.colormaps["viridis_r"](0.1 + 0.85 * t))
    return _PALETTE[zlib.crc32(key.encode()) % len(_PALETTE)]
