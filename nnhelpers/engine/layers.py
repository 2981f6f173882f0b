"""Layers: a fully connected (dense) layer and an activation layer.

Both follow the same pattern: `forward(inputs)` remembers what it needs,
`backward(dvalues)` takes d loss / d outputs and returns d loss / d inputs.
The public methods check their input and then call `_forward` / `_backward`,
which hold the math; MLP.fit checks its data once and calls those directly.
"""
import numpy as np

from .activations import activation
from .initializers import initializer
from .validation import as_float_array, check_positive_int


class Dense:
    """A fully connected layer: outputs = inputs @ weights + biases.

    Shapes, for a batch of `batch` examples:
        inputs   (batch, n_inputs)
        weights  (n_inputs, n_neurons)
        biases   (1, n_neurons)
        outputs  (batch, n_neurons)

    init: an initializer name or object for the weights ("he", "xavier",
    "normal", "uniform", "zeros", "constant"); bias_init: the same for the
    biases (default "zeros"). rng: a numpy Generator, needed by random initializers.
    """

    def __init__(self, n_inputs, n_neurons, init="he", rng=None, bias_init="zeros"):
        self.n_inputs = check_positive_int(n_inputs, "n_inputs")
        self.n_neurons = check_positive_int(n_neurons, "n_neurons")
        self.weights = initializer(init)((self.n_inputs, self.n_neurons), rng)
        self.biases = initializer(bias_init)((1, self.n_neurons), rng)
        self.inputs = None

    def forward(self, inputs):
        """inputs (batch, n_inputs) -> outputs (batch, n_neurons). Remembers inputs for backward."""
        inputs = as_float_array(inputs, "inputs", ndim=2)
        if inputs.shape[1] != self.n_inputs:
            raise ValueError(f"inputs must have shape (batch, {self.n_inputs}) for this layer "
                             f"(n_inputs={self.n_inputs}), got {inputs.shape}")
        return self._forward(inputs)

    def _forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.weights + self.biases

    def backward(self, dvalues):
        """dvalues (batch, n_neurons) = d loss / d outputs.

        Sets dweights (n_inputs, n_neurons) and dbiases (1, n_neurons);
        returns dinputs (batch, n_inputs).
        """
        if self.inputs is None:
            raise RuntimeError("call forward before backward: backward needs the inputs of the last forward pass")
        dvalues = as_float_array(dvalues, "dvalues", ndim=2)
        if dvalues.shape != (self.inputs.shape[0], self.n_neurons):
            raise ValueError(f"dvalues must have shape {(self.inputs.shape[0], self.n_neurons)} "
                             f"(batch, n_neurons), got {dvalues.shape}")
        return self._backward(dvalues)

    def _backward(self, dvalues, dinputs=True):
        self.dweights = self.inputs.T @ dvalues             # sum over the batch of x^T * dvalue
        self.dbiases = dvalues.sum(axis=0, keepdims=True)   # each example adds its dvalue
        if not dinputs:        # MLP.fit's first layer: nothing before it needs d loss / d inputs
            self.dinputs = None
            return None
        self.dinputs = dvalues @ self.weights.T
        return self.dinputs

    def __repr__(self):
        return f"Dense({self.n_inputs}, {self.n_neurons})"


class ActivationLayer:
    """Applies an activation elementwise: outputs = f(inputs); any shape.

    backward(dvalues) returns dvalues * f'(inputs) (the chain rule, elementwise).
    """

    def __init__(self, name, **params):
        self.activation = activation(name, **params)
        self.inputs = None

    def forward(self, inputs):
        """inputs (batch, n) -> f(inputs) (batch, n). Remembers inputs for backward."""
        return self._forward(as_float_array(inputs, "inputs"))

    def _forward(self, inputs):
        self.inputs = inputs
        return self.activation._f(inputs)

    def backward(self, dvalues):
        """dvalues shaped like the last inputs -> dinputs = dvalues * f'(inputs)."""
        if self.inputs is None:
            raise RuntimeError("call forward before backward: backward needs the inputs of the last forward pass")
        dvalues = as_float_array(dvalues, "dvalues")
        if dvalues.shape != self.inputs.shape:
            raise ValueError(f"dvalues must have the shape of the last inputs {self.inputs.shape}, got {dvalues.shape}")
        return self._backward(dvalues)

    def _backward(self, dvalues):
        self.dinputs = dvalues * self.activation._df(self.inputs)
        return self.dinputs

    def __repr__(self):
        return f"ActivationLayer({self.activation.name!r})"
