"""Lesson 08 (lessons 01-07 are judged outside the kernel from nnhelpers.exercises, by
tools/grading/judge.py): what each graded test cell records, and the right values the trusted grader compares it with.

For every grade_id of a graded test cell there is one Probe:
    inputs(rng)             the inputs, drawn from a NumPy Generator made by probe_rng(seed, grade_id);
                            the kernel and the trusted grader both call it, so both see the same inputs
    answer(student, inputs) runs the student's function (or class) on them: in the student's kernel
    expected(inputs)        the right values, from nnhelpers' engine: in the trusted grader only
    rtol, atol              how close each recorded number must be to the expected one
    view(got, inputs)       optional, in the trusted grader only: what of the recorded plain JSON is
                            compared (e.g. statistics of random weights); it may raise TypeError,
                            ValueError, KeyError or IndexError on a malformed answer
Both answer and expected return nested dicts, lists, numbers or arrays; plain() makes them JSON.

Quiz cells (grade_id "check_answer_<name>") record the answer itself; their answer keys live only
in the instructor notebook's hidden tests (see tools/grading/scores.py), never here.
"""

import zlib
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks.debugging import MYSTERY_EPOCHS, mystery_case, run_fixed_network, tanh_net_losses
from .engine.activations import ReLU
from .engine.losses import MSE

_relu, _mse = ReLU().forward, MSE()


class Probe(NamedTuple):
    inputs: Callable
    answer: Callable
    expected: Callable
    rtol: float = 1e-6
    atol: float = 1e-9
    view: Callable = None


def probe_rng(seed, grade_id):
    """The Generator a probe draws its inputs from: the same in every process for (seed, grade_id)."""
    return np.random.default_rng([int(seed), zlib.crc32(grade_id.encode())])


def plain(value):
    """value as plain JSON: dicts of str keys, lists, floats, strings, None.

    A str subclass becomes a plain str of its characters (its own __eq__ or __str__ is not used);
    anything that is not a number, string or container becomes None.
    """
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dict):
        return {str.__str__(str(key)): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=np.float64).tolist()
    except (TypeError, ValueError):
        return None


def _choice():
    """A quiz: the recorded answer is the student's value itself; the key is not in this package."""
    return Probe(inputs=lambda rng: None, answer=lambda value, _: value, expected=lambda _: None)


def _copied(arrays):
    return {name: np.array(value) for name, value in arrays.items()}


# Lesson 08's two-layer network (lesson 04's network, whose exercises are declared in nnhelpers.exercises) ---

_FC_PARAMETERS = ("W1", "b1", "W2", "b2")


def _fc_forward(params, X):
    """The cache of a forward pass, as the lesson's network keeps it: X, Z1, A1 and the outputs."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = _relu(Z1)
    return {"X": X, "Z1": Z1, "A1": A1, "outputs": A1 @ params["W2"] + params["b2"]}


def _fc_gradients(params, cache, Y):
    """d mean((outputs - Y) ** 2) / d parameter, keyed dW1, db1, dW2, db2."""
    dZ2 = _mse.gradient(cache["outputs"], Y)
    dZ1 = (dZ2 @ params["W2"].T) * (cache["Z1"] > 0)
    return {
        "dW1": cache["X"].T @ dZ1,
        "db1": dZ1.sum(axis=0, keepdims=True),
        "dW2": cache["A1"].T @ dZ2,
        "db2": dZ2.sum(axis=0, keepdims=True),
    }


# Lesson 08: debugging backpropagation ------------------------------------------------------------


def _two_layer_inputs(rng):
    """Parameters, inputs and targets of the lesson's two-layer network; images; a learning rate."""
    n_inputs, n_hidden, n_outputs, batch = (int(n) for n in rng.integers(2, 6, size=4))
    params = {
        "W1": rng.normal(size=(n_inputs, n_hidden)),
        "b1": rng.normal(size=(1, n_hidden)),
        "W2": rng.normal(size=(n_hidden, n_outputs)),
        "b2": rng.normal(size=(1, n_outputs)),
    }
    Z = rng.normal(size=(3, 5))
    Z.flat[rng.choice(Z.size, size=3, replace=False)] = 0.0
    return {
        "params": params,
        "X": rng.normal(size=(batch, n_inputs)),
        "Y": rng.normal(size=(batch, n_outputs)),
        "lr": float(rng.uniform(0.05, 0.5)),
        "images": rng.normal(size=tuple(int(n) for n in rng.integers(2, 6, size=3))),
        "A": _relu(Z),
    }


def _lesson_gradients(params, X, Y):
    """The lesson's gradients, keyed like its params: W1, b1, W2, b2."""
    grads = _fc_gradients(params, _fc_forward(params, X), Y)
    return {name: grads[f"d{name}"] for name in _FC_PARAMETERS}


class _StandInNet:
    """The lesson's TwoLayerNet for train_step, with the probe's parameters; it notes its steps."""

    def __init__(self, params):
        self.params, self.steps = _copied(params), []
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}

    def forward(self, X):
        self.steps.append("forward")
        self.X = X
        return _fc_forward(self.params, X)["outputs"]

    def loss(self, A2, Y):
        return _mse.value(A2, Y)

    def backward(self, Y):
        self.steps.append("backward")
        self.grads = _lesson_gradients(self.params, self.X, Y)

    def update(self, lr):
        self.steps.append(f"update {lr!r}")
        for name in self.params:
            self.params[name] = self.params[name] - lr * self.grads[name]


def _train_step_answer(train_step, i):
    net = _StandInNet(i["params"])
    loss = train_step(net, i["X"].copy(), i["Y"].copy(), i["lr"])
    return {"steps": net.steps, "loss": loss, "params": net.params}


def _train_step_expected(i):
    grads = _lesson_gradients(i["params"], i["X"], i["Y"])
    return {
        "steps": ["forward", "backward", f"update {i['lr']!r}"],
        "loss": _mse.value(_fc_forward(i["params"], i["X"])["outputs"], i["Y"]),
        "params": {name: value - i["lr"] * grads[name] for name, value in i["params"].items()},
    }


def _renamed(params):
    """The parameters under other names: the update must loop over whatever params holds."""
    return {"weights": params["W1"], "bias": params["b1"]}


def _update_answer(update_parameters, i):
    grads = _lesson_gradients(i["params"], i["X"], i["Y"])
    updated = {}
    for key, (params, given) in {
        "lesson": (i["params"], grads),
        "renamed": (_renamed(i["params"]), _renamed(grads)),
    }.items():
        updated[key] = _copied(params)
        update_parameters(updated[key], _copied(given), i["lr"])
    try:
        update_parameters(_copied(i["params"]), {"W1": grads["W1"].copy()}, i["lr"])
        updated["missing gradient"] = "no error"
    except (KeyError, ValueError):
        updated["missing gradient"] = "error"
    return updated


def _update_expected(i):
    grads = _lesson_gradients(i["params"], i["X"], i["Y"])
    lesson = {name: value - i["lr"] * grads[name] for name, value in i["params"].items()}
    return {"lesson": lesson, "renamed": _renamed(lesson), "missing gradient": "error"}


def _mystery_answer(FixedNet, i):
    """The student's fixed network, given the probe's parameters, trained with its own fit."""
    losses, net = run_fixed_network(FixedNet, i)
    return {"losses": losses, "params": dict(net.params)}


def _mystery_expected(i):
    losses, params = tanh_net_losses(i["params"], i["X"], i["Y"], MYSTERY_EPOCHS, i["lr"])
    return {"losses": losses, "params": params}


class _ForwardPass:
    """What two_layer_backward reads: net.X, net.Z1, net.A1, net.A2 and net.params."""

    def __init__(self, params, X):
        cache = _fc_forward(params, X)
        self.params, self.X = params, X
        self.Z1, self.A1, self.A2 = cache["Z1"], cache["A1"], cache["outputs"]


def _outputs(i):
    return _fc_forward(i["params"], i["X"])["outputs"]


PROBES = {
    # lesson 08
    "check_mse_and_gradient": Probe(
        _two_layer_inputs,
        lambda fn, i: list(fn(_outputs(i), i["Y"].copy())),
        lambda i: [_mse.value(_outputs(i), i["Y"]), _mse.gradient(_outputs(i), i["Y"])],
    ),
    "check_flatten_images": Probe(
        _two_layer_inputs,
        lambda fn, i: fn(i["images"].copy()),
        lambda i: i["images"].reshape(len(i["images"]), -1),
    ),
    "check_train_step": Probe(_two_layer_inputs, _train_step_answer, _train_step_expected),
    "check_update_parameters": Probe(_two_layer_inputs, _update_answer, _update_expected),
    "check_two_layer_backward": Probe(
        _two_layer_inputs,
        lambda fn, i: fn(_ForwardPass(_copied(i["params"]), i["X"].copy()), i["Y"].copy()),
        lambda i: _lesson_gradients(i["params"], i["X"], i["Y"]),
    ),
    "check_relu_derivative_from_output": Probe(
        _two_layer_inputs, lambda fn, i: fn(i["A"].copy()), lambda i: (i["A"] > 0).astype(float)
    ),
    "check_mystery_fixed": Probe(mystery_case, _mystery_answer, _mystery_expected),
}


def probe_for(grade_id):
    """The Probe of a graded test cell; quiz cells (check_answer_*) record the answer as it is."""
    if grade_id.startswith("check_answer_"):
        return _choice()
    if grade_id not in PROBES:
        raise KeyError(
            f"no probe for the test cell {grade_id!r}; known: {sorted(PROBES)} and check_answer_*"
        )
    return PROBES[grade_id]
