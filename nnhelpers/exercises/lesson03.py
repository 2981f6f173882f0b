"""Lesson 03, the 2-2-1 network: forward_2_2_1, backward_2_2_1, update, relu_output_step.

Shapes (one example, one weight column per neuron): x (2,), W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,),
y a number; z1 = x @ W1 + b1, a1 = sigmoid(z1), z2 = a1 @ W2 + b2, y_hat = sigmoid(z2) (z2, y_hat
(1,)); loss 1/2 (y_hat - y)^2. The right answers are the engine's MLP([2, 2, 1]) on x as a batch of
one; the mistakes' answers are written out, each as the student's code would give it.
"""

import numpy as np

from ..engine import MLP, activation, loss
from ..i18n import _
from .core import Exercise, Malformed, Mistake

LESSON = "03_network_2_2_1"
PARAMETERS = ("W1", "b1", "W2", "b2")
FORWARD_KEYS = ("z1", "a1", "z2", "y_hat")
BACKWARD_KEYS = ("delta2", "dW2", "db2", "delta1", "dW1", "db1")
_sigmoid = activation("sigmoid").f


def _network(params, output="sigmoid"):
    """The engine's 2-2-1 network (sigmoid hidden layer) holding these params."""
    net = MLP([2, 2, 1], activation="sigmoid", output_activation=output)
    return net.set_parameters([(params["W1"], params["b1"]), (params["W2"], params["b2"])])


def _params_of(net):
    (W1, b1), (W2, b2) = ((layer.weights, layer.biases.ravel()) for layer in net.dense_layers)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _params(rng):
    return {
        "W1": rng.normal(size=(2, 2)),
        "b1": rng.normal(size=2),
        "W2": rng.normal(size=(2, 1)),
        "b2": rng.normal(size=1),
    }


def _inputs(rng):
    params = _params(rng)
    x, y = rng.normal(size=2), float(rng.integers(0, 2))
    grads = {f"d{name}": rng.normal(size=value.shape) for name, value in params.items()}
    return {
        "x": x,
        "y": y,
        "params": params,
        "cache": _forward(x, params),
        "grads": grads,
        "eta": float(rng.uniform(0.1, 1.0)),
    }


def _keys(result, keys):
    if not isinstance(result, dict):
        raise Malformed(
            _("must return a dict with the keys {keys}, got {kind}").format(
                keys=list(keys), kind=type(result).__name__
            )
        )
    missing = [key for key in keys if key not in result]
    if missing:
        raise Malformed(
            _("must return a dict with the keys {keys}; missing {missing}").format(
                keys=list(keys), missing=missing
            )
        )
    return {key: result[key] for key in keys}


def _copied(arrays):
    return {name: np.array(value) for name, value in arrays.items()}


def _described(i):
    return _("x = {x}, y = {y} and random params").format(
        x=np.round(i["x"], 3).tolist(), y=f"{i['y']:g}"
    )


# forward_2_2_1 -------------------------------------------------------------------------------------


def _forward(x, params):
    """The engine's layer outputs for x: z1, a1, z2, y_hat."""
    outputs = _network(params).layer_outputs(x[None, :])
    return dict(zip(FORWARD_KEYS, (out.ravel() for out in outputs)))


def _forward_with(z1=None, a1=None, z2=None, y_hat=None):
    """A forward pass written out with one step replaced (a function of x, params and the values so far)."""

    def answer(i):
        x, p = i["x"], i["params"]
        v = {"z1": z1(x, p) if z1 else x @ p["W1"] + p["b1"]}
        v["a1"] = a1(v) if a1 else _sigmoid(v["z1"])
        v["z2"] = z2(v, p) if z2 else v["a1"] @ p["W2"] + p["b2"]
        v["y_hat"] = y_hat(v) if y_hat else _sigmoid(v["z2"])
        return v

    return answer


FORWARD_2_2_1 = Exercise(
    name="forward_2_2_1",
    lesson=LESSON,
    solution="forward_2_2_1",
    inputs=_inputs,
    answer=lambda i: _forward(i["x"], i["params"]),
    describe=_described,
    call=lambda f, i: _keys(f(i["x"], i["params"]), FORWARD_KEYS),
    allowed=frozenset(
        {"activation"}
    ),  # the cell's own first line: sigmoid = nh.activation("sigmoid").forward
    mistakes=(
        Mistake(
            "W1_transposed",
            _forward_with(z1=lambda x, p: p["W1"] @ x + p["b1"]),
            _(
                "Your z1 takes the weights of W1 along its rows: each hidden neuron gets the other "
                "neuron's weights."
            ),
            _("W1 has one column per hidden neuron: z1 = x @ W1 + b1, not W1 @ x."),
        ),
        Mistake(
            "b1_missing",
            _forward_with(z1=lambda x, p: x @ p["W1"]),
            _("Your z1 does not change when b1 changes: the hidden biases are not used."),
            _("z1 = x @ W1 + b1: add the bias."),
        ),
        Mistake(
            "hidden_sigmoid_missing",
            _forward_with(a1=lambda v: v["z1"]),
            _("Your a1 equals z1: the hidden neurons pass their weighted sums on unchanged."),
            _("a1 = sigmoid(z1)."),
        ),
        Mistake(
            "b2_missing",
            _forward_with(z2=lambda v, p: v["a1"] @ p["W2"]),
            _("Your z2 does not change when b2 changes: the output bias is not used."),
            _("z2 = a1 @ W2 + b2: add the bias."),
        ),
        Mistake(
            "z1_into_output",
            _forward_with(z2=lambda v, p: v["z1"] @ p["W2"] + p["b2"]),
            _(
                "Your z2 is computed from the hidden neurons' weighted sums z1, not from their "
                "activations a1."
            ),
            _("The output neuron sees a1, after the sigmoid: z2 = a1 @ W2 + b2."),
        ),
        Mistake(
            "output_sigmoid_missing",
            _forward_with(y_hat=lambda v: v["z2"]),
            _("Your y_hat equals z2: the output neuron passes its weighted sum on unchanged."),
            _("y_hat = sigmoid(z2)."),
        ),
    ),
    hints=(
        _("Follow the worked example: hidden layer first, then the output neuron."),
        _(
            "Each layer is a weighted sum plus bias, then the sigmoid; W1 and W2 have one column per neuron, "
            "so the input comes first in the product."
        ),
        _("Return a dict with exactly the keys z1, a1, z2 and y_hat; do not change params."),
    ),
)


# backward_2_2_1 ------------------------------------------------------------------------------------


def _backward(i):
    """The engine's backward pass of the half squared error: the deltas and the parameter gradients."""
    net = _network(i["params"])
    y_hat = net.forward(i["x"][None, :])
    net.backward(loss("half_sse").gradient(y_hat, np.array([[i["y"]]])))
    hidden, _hidden_activation, output, out_activation = net.layers
    return {
        "delta2": out_activation.dinputs.ravel(),
        "dW2": output.dweights,
        "db2": output.dbiases.ravel(),
        "delta1": net.layers[1].dinputs.ravel(),
        "dW1": hidden.dweights,
        "db1": hidden.dbiases.ravel(),
    }


def _backward_with(delta2=None, delta1=None, dW2=None, dW1=None):
    """A backward pass written out with one step replaced (a function of the inputs and the values so far)."""

    def answer(i):
        x, y, p, c = i["x"], i["y"], i["params"], i["cache"]
        v = {"delta2": delta2(i) if delta2 else (c["y_hat"] - y) * c["y_hat"] * (1 - c["y_hat"])}
        v["dW2"] = dW2(c["a1"], v["delta2"]) if dW2 else np.outer(c["a1"], v["delta2"])
        v["db2"] = v["delta2"]
        v["delta1"] = delta1(i, v) if delta1 else (p["W2"] @ v["delta2"]) * c["a1"] * (1 - c["a1"])
        v["dW1"] = dW1(x, v["delta1"]) if dW1 else np.outer(x, v["delta1"])
        v["db1"] = v["delta1"]
        return v

    return answer


_ERROR = lambda i: i["cache"]["y_hat"] - i["y"]

BACKWARD_2_2_1 = Exercise(
    name="backward_2_2_1",
    lesson=LESSON,
    solution="backward_2_2_1",
    inputs=_inputs,
    answer=_backward,
    describe=_described,
    call=lambda f, i: _keys(f(i["x"], i["y"], i["params"], i["cache"]), BACKWARD_KEYS),
    mistakes=(
        Mistake(
            "delta2_slope_missing",
            _backward_with(delta2=_ERROR),
            _(
                "Your delta2 is the error y_hat - y alone: it does not pass through the output sigmoid."
            ),
            _(
                "delta2 = (y_hat - y) * y_hat * (1 - y_hat): the sigmoid's derivative, written with its output."
            ),
        ),
        Mistake(
            "delta2_slope_of_z2",
            _backward_with(delta2=lambda i: _ERROR(i) * i["cache"]["z2"] * (1 - i["cache"]["z2"])),
            _(
                "Your delta2 multiplies the error by z2 (1 - z2): the sigmoid's slope is taken at the wrong "
                "value."
            ),
            _(
                "sigma'(z) = sigma(z) (1 - sigma(z)) uses the sigmoid's output: y_hat * (1 - y_hat)."
            ),
        ),
        Mistake(
            "delta2_factor_two",
            _backward_with(
                delta2=lambda i: 2 * _ERROR(i) * i["cache"]["y_hat"] * (1 - i["cache"]["y_hat"])
            ),
            _("Your delta2 is exactly twice the right one, and so is every gradient after it."),
            _("The loss is 1/2 (y_hat - y)^2: its derivative is y_hat - y, with no factor 2."),
        ),
        Mistake(
            "dW2_transposed",
            _backward_with(dW2=lambda a1, d: np.outer(d, a1)),
            _("Your dW2 has the right numbers but the shape (1, 2): W2 is (2, 1)."),
            _("dW2 must look like W2, one row per hidden neuron: np.outer(a1, delta2)."),
        ),
        Mistake(
            "dW2_elementwise",
            _backward_with(dW2=lambda a1, d: a1 * d),
            _("Your dW2 is a 1-D array of elementwise products, not a (2, 1) table like W2."),
            _(
                "For 1-D arrays .T changes nothing; np.outer(a1, delta2) builds the table of every "
                "product a1[i] * delta2[j]."
            ),
        ),
        Mistake(
            "delta1_slope_missing",
            _backward_with(delta1=lambda i, v: i["params"]["W2"] @ v["delta2"]),
            _("Your delta1 is W2 @ delta2 alone: it does not pass through the hidden sigmoid."),
            _("Multiply by the hidden sigmoid's derivative a1 * (1 - a1)."),
        ),
        Mistake(
            "delta1_slope_of_z1",
            _backward_with(
                delta1=lambda i, v: (
                    (i["params"]["W2"] @ v["delta2"]) * i["cache"]["z1"] * (1 - i["cache"]["z1"])
                )
            ),
            _(
                "Your delta1 multiplies by z1 (1 - z1): the hidden sigmoid's slope is taken at the wrong "
                "value."
            ),
            _("sigma'(z1) = sigma(z1) (1 - sigma(z1)) uses the sigmoid's output: a1 * (1 - a1)."),
        ),
        Mistake(
            "delta1_skips_W2",
            _backward_with(
                delta1=lambda i, v: v["delta2"] * i["cache"]["a1"] * (1 - i["cache"]["a1"])
            ),
            _(
                "Your delta1 does not depend on W2: each hidden neuron gets delta2 whatever its weight to the "
                "output."
            ),
            _("delta2 goes back through the weights that carried the signal forward: W2 @ delta2."),
        ),
        Mistake(
            "dW1_transposed",
            _backward_with(dW1=lambda x, d: np.outer(d, x)),
            _(
                "Your dW1 is the right matrix transposed: its rows belong to the hidden neurons, W1's to the "
                "inputs."
            ),
            _("W1 has one row per input: dW1 = np.outer(x, delta1)."),
        ),
        Mistake(
            "dW1_dot_product",
            _backward_with(dW1=lambda x, d: x @ d),
            _("Your dW1 is a single number, not a (2, 2) table like W1."),
            _(
                "For 1-D arrays x.T @ delta1 is the dot product: np.outer(x, delta1) builds the table of "
                "every product x[i] * delta1[j]."
            ),
        ),
        Mistake(
            "dW1_elementwise",
            _backward_with(dW1=lambda x, d: x * d),
            _("Your dW1 is a 1-D array of elementwise products, not a (2, 2) table like W1."),
            _("dW1 needs every product x[i] * delta1[j], one row per input: np.outer(x, delta1)."),
        ),
    ),
    hints=(
        _("Go backwards: the output's delta first, then the hidden layer's."),
        _(
            "For the loss 1/2 (y_hat - y)^2 with a sigmoid output, delta2 is the error times the sigmoid's "
            "derivative, written with y_hat."
        ),
        _(
            "delta1 sends delta2 back through W2 and multiplies by a1 (1 - a1); each dW is the outer product "
            "of the activation that fed it and its delta (np.outer), each db is its delta."
        ),
    ),
)


# update --------------------------------------------------------------------------------------------


def _updated(i):
    """The engine's gradient step: the layers hold the given gradients, then MLP.step(eta)."""
    net, g = _network(i["params"]), i["grads"]
    for layer, (dW, db) in zip(net.dense_layers, ((g["dW1"], g["db1"]), (g["dW2"], g["db2"]))):
        layer.dweights, layer.dbiases = dW, db.reshape(1, -1)
    net.step(i["eta"])
    return _params_of(net)


def _stepped(size):
    return lambda i: {
        name: i["params"][name] + size(i) * i["grads"]["d" + name] for name in PARAMETERS
    }


UPDATE = Exercise(
    name="update",
    lesson=LESSON,
    solution="update",
    inputs=_inputs,
    answer=_updated,
    call=lambda f, i: _keys(f(i["params"], i["grads"], i["eta"]), PARAMETERS),
    describe=lambda i: _("random params and grads, eta = {eta}").format(eta=f"{i['eta']:.3g}"),
    mistakes=(
        Mistake(
            "step_uphill",
            _stepped(lambda i: i["eta"]),
            _("Your new parameters moved along the gradient, the way the loss grows."),
            _("Move against the gradient: new = old - eta * gradient."),
        ),
        Mistake(
            "eta_unused",
            _stepped(lambda i: -1.0),
            _("Your step is the whole gradient, whatever eta is: the learning rate is not used."),
            _("Scale the gradient by the learning rate: new = old - eta * gradient."),
        ),
        Mistake(
            "parameter_not_moved",
            _stepped(lambda i: 0.0),
            _("This parameter is what it was before the step: it did not move."),
            _("Every parameter moves, W1, b1, W2 and b2: new = old - eta * gradient for each."),
        ),
    ),
    hints=(
        _("Each parameter moves a small step against its gradient, scaled by the learning rate."),
        _("The gradient of W1 is grads['dW1'], and so on for b1, W2 and b2."),
        _("Build a new dict; params itself must stay as it was."),
    ),
)


# relu_output_step (section 7: sigmoid hidden layer, ReLU output) -------------------------------------


def _relu_inputs(rng):
    """A sigmoid-ReLU 2-2-1 network with its output on (z2 >= 1) and the same one with it off (z2 <= -1)."""
    params = {
        "W1": rng.normal(size=(2, 2)),
        "b1": rng.normal(size=2),
        "W2": rng.normal(size=(2, 1)),
    }
    reach = float(np.abs(params["W2"]).sum())  # |a1 @ W2| <= reach, since 0 < a1 < 1
    return {
        "x": rng.normal(size=2),
        "y": float(rng.uniform(0.5, 3.0)),
        "eta": float(rng.uniform(0.05, 0.5)),
        "on": params | {"b2": np.array([reach + 1.0])},
        "off": params | {"b2": np.array([-reach - 1.0])},
    }


def _relu_step(x, y, params, eta):
    """The engine's step: forward, backward of the half squared error, MLP.step(eta)."""
    net = _network(params, output="relu")
    y_hat = net.forward(x[None, :])
    net.backward(loss("half_sse").gradient(y_hat, np.array([[y]])))
    net.step(eta)
    return _params_of(net)


def _relu_step_with(slope="relu", biases=True, sign=-1.0, outer=True):
    """What a step written out with one thing wrong gives, for both cases."""

    def step(x, y, p, eta):
        a1 = _sigmoid(x @ p["W1"] + p["b1"])
        z2 = a1 @ p["W2"] + p["b2"]
        output_slope = {
            "relu": (z2 > 0).astype(float),
            "one": np.ones_like(z2),
            "sigmoid": _sigmoid(z2) * (1 - _sigmoid(z2)),
        }[slope]
        delta2 = (np.maximum(z2, 0.0) - y) * output_slope
        delta1 = (p["W2"] @ delta2) * a1 * (1 - a1)
        grads = {
            "W1": np.outer(x, delta1) if outer else x * delta1,
            "b1": delta1,
            "W2": np.outer(a1, delta2),
            "b2": delta2,
        }
        return {
            k: p[k] + (sign * eta * grads[k] if biases or k[0] == "W" else 0.0) for k in PARAMETERS
        }

    return lambda i: {case: step(i["x"], i["y"], i[case], i["eta"]) for case in ("on", "off")}


def _relu_call(step, i):
    return {
        case: _keys(step(i["x"], i["y"], i[case], i["eta"]), PARAMETERS) for case in ("on", "off")
    }


RELU_OUTPUT_STEP = Exercise(
    name="relu_output_step",
    lesson=LESSON,
    solution="relu_output_step",
    inputs=_relu_inputs,
    call=_relu_call,
    answer=lambda i: {
        case: _relu_step(i["x"], i["y"], i[case], i["eta"]) for case in ("on", "off")
    },
    describe=lambda i: _(
        "x = {x}, y = {y}, eta = {eta}, with the output on (z2 > 0) and off (z2 < 0)"
    ).format(x=np.round(i["x"], 3).tolist(), y=f"{i['y']:.3g}", eta=f"{i['eta']:.3g}"),
    mistakes=(
        Mistake(
            "sigmoid_slope",
            _relu_step_with(slope="sigmoid"),
            _(
                "Your step uses the slope of a sigmoid at the output, but the output neuron is a ReLU now."
            ),
            _("delta2 = (y_hat - y) * ReLU'(z2), with ReLU'(z2) = 1 where z2 > 0 and 0 elsewhere."),
        ),
        Mistake(
            "passes_when_off",
            _relu_step_with(slope="one"),
            _(
                "Your step changes the parameters even where z2 < 0, where the output is off and flat."
            ),
            _(
                "ReLU'(z2) is 0 where z2 <= 0: an output that is off passes no gradient, so nothing moves."
            ),
        ),
        Mistake(
            "biases_not_updated",
            _relu_step_with(biases=False),
            _("Your biases b1 and b2 are what they were before the step."),
            _("The biases move too: b1 -= eta * delta1, b2 -= eta * delta2."),
        ),
        Mistake(
            "step_uphill",
            _relu_step_with(sign=1.0),
            _("Your parameters moved along the gradient, the way the loss grows."),
            _("Move against the gradient: new = old - eta * gradient."),
        ),
        Mistake(
            "W1_elementwise",
            _relu_step_with(outer=False),
            _(
                "Your new W1 has every row changed by the same (2,) vector: the elementwise products "
                "x * delta1, stretched by NumPy into a (2, 2) array."
            ),
            _(
                "The gradient of W1 needs every product x[i] * delta1[j], one row per input: "
                "np.outer(x, delta1)."
            ),
        ),
    ),
    hints=(
        _("The same three steps as the sigmoid network: forward, the two deltas, the update."),
        _("Only the output's slope changes: ReLU'(z2) is 1 where z2 > 0 and 0 elsewhere."),
        _(
            "The hidden layer is still a sigmoid: delta1 = (W2 @ delta2) * a1 (1 - a1); then new = old - eta * "
            "gradient, in a new dict."
        ),
    ),
)

EXERCISES = (FORWARD_2_2_1, BACKWARD_2_2_1, UPDATE, RELU_OUTPUT_STEP)
