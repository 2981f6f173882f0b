"""Layers: a fully connected (dense) layer and an activation layer.

Both follow the same pattern: `forward(inputs)` remembers what it needs,
`backward(dvalues)` takes d loss / d outputs and returns d loss / d inputs.
forward and backward check their input and then call forward_unchecked / backward_unchecked,
which hold the math; MLP.fit checks its data once and calls those directly.

A Dense layer may also hold a stack of networks, one per seed (experiments.run_seeds): weights
(seeds, n_inputs, n_neurons), biases (seeds, 1, n_neurons). The unchecked methods work on the last
two axes (`.mT` transposes the last two axes: `.T` for a 2-D matrix), so the same lines compute
every seed's numbers, bit for bit as that seed alone.
"""

from ..i18n import _
from .activations import activation
from .initializers import initializer
from .validation import as_float_array, check_batch, check_dvalues, check_positive_int


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
        self.inputs = self.dinputs = None

    def forward(self, inputs):
        """inputs (batch, n_inputs) -> outputs (batch, n_neurons). Remembers inputs for backward."""
        owner = _("this layer (n_inputs={n})").format(n=self.n_inputs)
        inputs = check_batch(inputs, "inputs", self.n_inputs, owner)
        return self.forward_unchecked(inputs)

    def forward_unchecked(self, inputs):
        """forward without the checks: inputs (..., batch, n_inputs), float64."""
        self.inputs = inputs
        return self.apply(inputs)

    def apply(self, inputs):
        """The outputs inputs @ weights + biases (..., batch, n_neurons), remembering nothing."""
        return inputs @ self.weights + self.biases

    def backward(self, dvalues):
        """dvalues (batch, n_neurons) = d loss / d outputs.

        Sets dweights (n_inputs, n_neurons) and dbiases (1, n_neurons);
        returns dinputs (batch, n_inputs).
        """
        shape = None if self.inputs is None else (self.inputs.shape[0], self.n_neurons)
        dvalues = check_dvalues(dvalues, self.inputs, shape, "(batch, n_neurons)")
        return self.backward_unchecked(dvalues)

    def backward_unchecked(self, dvalues):
        """backward without the checks: dvalues (..., batch, n_neurons), float64."""
        self.parameter_gradients(dvalues)
        self.dinputs = self.input_gradient(dvalues)
        return self.dinputs

    def parameter_gradients(self, dvalues):
        """The part of backward that step needs: sets dweights and dbiases, not dinputs (MLP.fit's first layer)."""
        self.dweights, self.dbiases = self.weight_gradients(self.inputs, dvalues)

    def weight_gradients(self, inputs, dvalues):
        """(dweights (n_inputs, n_neurons), dbiases (1, n_neurons)) for these inputs (batch, n_inputs)
        and dvalues (batch, n_neurons), remembering nothing."""
        return inputs.mT @ dvalues, dvalues.sum(axis=-2, keepdims=True)  # sums over the batch

    def input_gradient(self, dvalues):
        """dinputs = dvalues @ weights.T (batch, n_inputs) for dvalues (batch, n_neurons), remembering nothing."""
        return dvalues @ self.weights.mT

    def parameters(self):
        """The trainable arrays by name: {"weights": weights, "biases": biases} (the arrays themselves)."""
        return {"weights": self.weights, "biases": self.biases}

    def gradients(self):
        """d loss / d each parameter, by the same names: {"weights": dweights, "biases": dbiases}."""
        return {"weights": self.dweights, "biases": self.dbiases}

    def __repr__(self):
        return f"Dense({self.n_inputs}, {self.n_neurons})"


class ActivationLayer:
    """Applies an activation elementwise: outputs = f(inputs); any shape.

    backward(dvalues) returns dvalues * f'(inputs) (the chain rule, elementwise).
    """

    def __init__(self, name, **params):
        self.activation = activation(name, **params)
        self.inputs = self.outputs = None

    def forward(self, inputs):
        """inputs (batch, n) -> f(inputs) (batch, n). Remembers inputs for backward."""
        return self.forward_unchecked(as_float_array(inputs, "inputs"))

    def forward_unchecked(self, inputs):
        """forward without the checks: inputs of any shape, float64. Remembers inputs and outputs."""
        self.inputs = inputs
        self.outputs = self.apply(inputs)
        return self.outputs

    def apply(self, inputs):
        """f(inputs), the same shape, remembering nothing."""
        return self.activation.f(inputs)

    def backward(self, dvalues):
        """dvalues shaped like the last inputs -> dinputs = dvalues * f'(inputs)."""
        shape = None if self.inputs is None else self.inputs.shape
        dvalues = check_dvalues(dvalues, self.inputs, shape, _("(the shape of the last inputs)"))
        return self.backward_unchecked(dvalues)

    def backward_unchecked(self, dvalues):
        """backward without the checks: dvalues shaped like the last inputs, float64."""
        self.dinputs = dvalues * self.activation.df_from(self.inputs, self.outputs)
        return self.dinputs

    def __repr__(self):
        return f"ActivationLayer({self.activation.name!r})"
