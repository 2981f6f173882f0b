"""One "scale" knob for every initialization scheme, for sliders and comparisons.

    scaled_initializer("normal", 10)   # initializer('normal', std=0.1): 10 x the default std 0.01
    scaled_initializer("he", 0.5)      # initializer('he', gain=0.5)

scale multiplies the scheme's default size: scale=1 gives exactly initializer(name).
"""

from ..engine.initializers import INITIALIZERS, initializer
from ..engine.validation import check_choice, check_positive_number

# name -> (the option that sets the size, its default); uniform and zeros are handled below.
_SIZE_OPTION = {
    "constant": ("value", 0.5),
    "normal": ("std", 0.01),
    "xavier": ("gain", 1.0),
    "he": ("gain", 1.0),
}


def scaled_initializer(name, scale=1.0):
    """initializer(name) with its size multiplied by scale (> 0).

    "normal": std = 0.01 * scale; "uniform": [-scale, scale); "constant": value = 0.5 * scale;
    "xavier", "he": gain = scale; "zeros": scale has no effect (zero times anything is zero).
    Returns an Initializer, e.g. for MLP(..., init=...) or run_seeds(..., init=...).
    """
    check_choice(name, INITIALIZERS, "init")
    scale = check_positive_number(scale, "scale")
    if name == "uniform":
        return initializer("uniform", low=-scale, high=scale)
    if name == "zeros":
        return initializer("zeros")
    option, default = _SIZE_OPTION[name]
    return initializer(name, **{option: default * scale})
