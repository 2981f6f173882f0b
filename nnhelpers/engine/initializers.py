"""Weight initializers.

An initializer is called with a shape and a random generator and returns a
new float64 array of that shape:

    init = initializer("he")
    W = init((n_inputs, n_neurons), rng)   # rng = np.random.default_rng(seed)

For a weight matrix of shape (n_inputs, n_neurons), fan_in = n_inputs and
fan_out = n_neurons. Only the passed `rng` is used, never NumPy's global state.
"""

import numpy as np

from ..i18n import _
from .validation import check_choice, check_generator, check_number, check_options, check_shape


class Initializer:
    """Base class: subclasses implement `_draw(shape, rng)`."""

    name = "initializer"
    needs_rng = True

    def __call__(self, shape, rng=None):
        check_shape(shape)
        if self.needs_rng:
            check_generator(rng, _("the {name!r} initializer").format(name=self.name))
        return self._draw(shape, rng)

    def __repr__(self):
        params = ", ".join(
            f"{k}={v:.4g}" for k, v in vars(self).items()
        )  # 0.224, not 0.22399999999999998
        return f"initializer({self.name!r}{', ' if params else ''}{params})"


class Zeros(Initializer):
    """All zeros. Every unit of a layer starts, and stays, identical (the symmetry problem)."""

    name = "zeros"
    needs_rng = False

    def _draw(self, shape, rng):
        return np.zeros(shape)


class Constant(Initializer):
    """Every entry equal to `value` (default 0.5). Symmetric like zeros."""

    name = "constant"
    needs_rng = False

    def __init__(self, value=0.5):
        self.value = check_number(value, "value")

    def _draw(self, shape, rng):
        return np.full(shape, self.value)


class Normal(Initializer):
    """Normal with mean 0 and standard deviation `std` (default 0.01, the dense-layer lesson's 0.01 * randn)."""

    name = "normal"

    def __init__(self, std=0.01):
        self.std = check_number(std, "std", positive=True)

    def _draw(self, shape, rng):
        return self.std * rng.standard_normal(shape)


class Uniform(Initializer):
    """Uniform on [low, high) (default [-1, 1), the single-neuron lesson's choice)."""

    name = "uniform"

    def __init__(self, low=-1.0, high=1.0):
        self.low, self.high = check_number(low, "low"), check_number(high, "high")
        if self.low >= self.high:
            raise ValueError(
                _("low must be smaller than high, got low={low}, high={high}").format(
                    low=self.low, high=self.high
                )
            )

    def _draw(self, shape, rng):
        return rng.uniform(self.low, self.high, size=shape)


class Xavier(Initializer):
    """Glorot/Xavier normal: std = gain * sqrt(2 / (fan_in + fan_out)). Suits tanh and sigmoid."""

    name = "xavier"

    def __init__(self, gain=1.0):
        self.gain = check_number(gain, "gain", positive=True)

    def _draw(self, shape, rng):
        fan_in, fan_out = shape[0], shape[-1]
        return self.gain * np.sqrt(2.0 / (fan_in + fan_out)) * rng.standard_normal(shape)


class He(Initializer):
    """He/Kaiming normal: std = gain * sqrt(2 / fan_in). Suits ReLU, which zeroes half its inputs."""

    name = "he"

    def __init__(self, gain=1.0):
        self.gain = check_number(gain, "gain", positive=True)

    def _draw(self, shape, rng):
        return self.gain * np.sqrt(2.0 / shape[0]) * rng.standard_normal(shape)


INITIALIZERS = {cls.name: cls for cls in (Zeros, Constant, Normal, Uniform, Xavier, He)}


def initializer(name, **params):
    """Return the initializer called `name` with its options, e.g. initializer("normal", std=0.1).

    Names: "zeros", "constant" (value), "normal" (std), "uniform" (low, high),
    "xavier" (gain), "he" (gain). An Initializer instance is returned unchanged.
    """
    if isinstance(name, Initializer):
        return name
    cls = INITIALIZERS[check_choice(name, INITIALIZERS, "initializer")]
    return cls(**check_options(cls, params, _("initializer {name!r}").format(name=name)))
