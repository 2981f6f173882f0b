"""Self-checks for lesson 08 (debugging backpropagation). Each exercise fixes one bug; its check fails the
bug itself and the plausible wrong fixes with a message that names the problem, and proves the right fix
with the tool that caught the bug (a sanity check, a gradient check, a parameter-change table).

The network of the lesson, with one example per row:
    Z1 = X @ W1 + b1, A1 = relu(Z1), A2 = A1 @ W2 + b2, loss = mean((A2 - Y) ** 2)
    W1 (n_inputs, n_hidden), b1 (1, n_hidden), W2 (n_hidden, n_outputs), b2 (1, n_outputs)
"""

import numbers

import numpy as np

from ..data.letter_bitmaps import letters
from ..diagnostics.debug_tools import (
    gradient_check,
    gradient_check_table,
    parameter_change_table,
    sanity_results,
)
from ..engine.activations import ReLU
from .core import CheckFailed, as_result_array, call, check_not_mutated, compare, passed

_relu = ReLU().f
PARAMETER_NAMES = ["W1", "b1", "W2", "b2"]


def _run(fn, shown, args, hint):
    """fn(*args) through core.call; `shown` is how the call reads in a message, e.g. "train_step(net, X, Y, lr)"."""
    return call(fn, shown.split("(")[0], *args, shown=shown, hint=hint)


def _mse(A2, Y):
    return float(np.mean((A2 - Y) ** 2))


def _mse_gradient(A2, Y):
    return 2.0 * (A2 - Y) / A2.size


def _params(rng, n_inputs, n_hidden, n_outputs):
    return {
        "W1": rng.normal(size=(n_inputs, n_hidden)),
        "b1": rng.normal(0.0, 0.5, size=(1, n_hidden)),
        "W2": rng.normal(size=(n_hidden, n_outputs)),
        "b2": rng.normal(0.0, 0.5, size=(1, n_outputs)),
    }


def _forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = _relu(Z1)
    return Z1, A1, A1 @ params["W2"] + params["b2"]


def _gradients(params, X, Y, relu_mask=None, output_gradient=_mse_gradient):
    """The true gradients of the mean squared error (relu_mask: replaces Z1 > 0, to build known mistakes)."""
    Z1, A1, A2 = _forward(params, X)
    dA2 = output_gradient(A2, Y)
    dZ1 = (dA2 @ params["W2"].T) * ((Z1 > 0) if relu_mask is None else relu_mask)
    return {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def _case(seed, n_inputs, n_hidden, n_outputs, batch, X=None):
    """Parameters, X and Y whose hidden pre-activations are clearly positive or negative (no kink within h),
    with some units on and some off."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        params = _params(rng, n_inputs, n_hidden, n_outputs)
        inputs = rng.normal(size=(batch, n_inputs)) if X is None else X
        Z1 = _forward(params, inputs)[0]
        if np.abs(Z1).min() > 1e-3 and 0.2 < (Z1 > 0).mean() < 0.8:
            return params, inputs, rng.normal(size=(batch, n_outputs))
    raise RuntimeError("no suitable test case found")  # pragma: no cover (the seeds are fixed)


def _error_summary(errors):
    return ", ".join(
        f"{key} {'< 1e-08' if error < 1e-8 else f'{error:.3g}'}" for key, error in errors.items()
    )


def _print_gradient_check(errors, title):
    print(title)
    gradient_check_table(errors)


# Exercise 1 ---------------------------------------------------------------------------------------------


def check_mse_and_gradient(mse_and_gradient):
    """mse_and_gradient(A2, Y) -> (loss, dA2): loss = mean((A2 - Y) ** 2), a number, and
    dA2 = d loss / d A2 = 2 (A2 - Y) / A2.size, shaped like A2. A2 and Y must not change.
    Proven by the three sanity checks (it depends on Y, about right at the start, 0 for perfect
    outputs) and by a gradient check of dA2 against finite differences of the returned loss."""
    name = "mse_and_gradient"
    rng = np.random.default_rng(80)
    cases = [
        (
            "small outputs for the 3 one-hot letter targets",
            rng.normal(0.0, 0.1, size=(3, 3)),
            np.eye(3),
        ),
        ("a (4, 2) batch", rng.normal(size=(4, 2)), rng.normal(size=(4, 2))),
        ("a (5, 1) batch", rng.normal(size=(5, 1)), rng.normal(size=(5, 1))),
    ]

    def run(A2, Y, what):
        before = (A2.copy(), Y.copy())
        result = call(mse_and_gradient, name, A2, Y)
        check_not_mutated(name, before[0], A2, "A2")
        check_not_mutated(name, before[1], Y, "Y")
        if result is None:
            raise CheckFailed(
                f"{name} returned None for {what}: did you forget `return loss, dA2`?"
            )
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise CheckFailed(
                f"{name} must return two things, (loss, dA2), got {type(result).__name__}"
                + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else "")
            )
        value = as_result_array(result[0], name, what)
        if value.size != 1:
            raise CheckFailed(
                f"{name} returned a loss of shape {value.shape} for {what}, expected one number: "
                "the mean over all elements, np.mean((A2 - Y) ** 2) with no axis"
            )
        return float(value.reshape(())), result[1]

    for what, A2, Y in cases:
        value, dA2 = run(A2, Y, what)
        other = (
            np.roll(Y, 1, axis=0)
            if len(Y) > 1 and not np.array_equal(np.roll(Y, 1, axis=0), Y)
            else Y + 1.0
        )
        if np.isclose(run(A2, other, what)[0], value, rtol=1e-12, atol=1e-15):
            raise CheckFailed(
                f"{name} gives the same loss for different targets Y ({what}): it ignores them. "
                "That is this section's bug, mean(A2 ** 2): the loss must measure the distance "
                "between the outputs and the targets, mean((A2 - Y) ** 2)"
            )
        perfect = run(Y.copy(), Y, what)[0]
        if not np.isclose(perfect, 0.0, atol=1e-12):
            raise CheckFailed(
                f"{name} gives the loss {perfect:.4g} when the outputs equal the targets ({what}); "
                "a perfect prediction must give 0"
            )
        diff = A2 - Y
        compare(
            f"{name} (the loss)",
            value,
            _mse(A2, Y),
            what,
            [
                (
                    np.sum(diff**2),
                    "this is the sum of the squared errors; the mean divides it by A2.size",
                ),
                (
                    np.mean(diff) ** 2,
                    "this is the square of the mean error; the loss is the mean of the squared errors",
                ),
                (
                    np.mean(np.abs(diff)),
                    "this is the mean absolute error; square the errors: mean((A2 - Y) ** 2)",
                ),
                (
                    np.sqrt(np.mean(diff**2)),
                    "this is the root of the mean squared error; leave out the square root",
                ),
            ],
        )
        dA2 = as_result_array(dA2, name, what)
        if dA2.shape != A2.shape:
            raise CheckFailed(
                f"{name} returned dA2 of shape {dA2.shape} for {what}, expected {A2.shape}: "
                "the gradient has one entry per output, like A2"
            )
        compare(
            f"{name} (dA2)",
            dA2,
            _mse_gradient(A2, Y),
            what,
            [
                (
                    diff,
                    "dA2 = A2 - Y is missing the factor 2 / A2.size: the square gives the 2, the mean the 1 / A2.size",
                ),
                (2 * diff, "dA2 is missing the division by A2.size that comes from the mean"),
                (
                    diff / A2.size,
                    "dA2 is missing the factor 2 from the square (the derivative of e^2 is 2 e)",
                ),
                (
                    -2 * diff / A2.size,
                    "the sign is flipped: Y - A2 is the direction that lowers the loss, but dA2 "
                    "must be the derivative of the loss, 2 (A2 - Y) / A2.size",
                ),
                (
                    2 * A2 / A2.size,
                    "dA2 ignores Y: it is the gradient of mean(A2 ** 2), this section's bug",
                ),
                (
                    A2,
                    "dA2 = A2 is the gradient of a loss that ignores the targets (this section's bug)",
                ),
                (
                    2 * diff / len(A2),
                    "dA2 divides by the number of rows; the mean is over all A2.size elements",
                ),
            ],
        )
    # The proof: the sanity checks of the first case, and a gradient check of dA2 against the returned loss.
    what, A2, Y = cases[0]
    rows = sanity_results(lambda outputs, targets: run(outputs, targets, what)[0], A2, Y)
    point = A2.copy()
    errors = gradient_check(
        lambda: run(point, Y, what)[0], {"A2": point}, {"A2": run(A2, Y, what)[1]}
    )
    print(
        "sanity checks of your loss: "
        + "; ".join(f"{row[0]} {'PASS' if row[3] else 'FAIL'}" for row in rows)
    )
    print(
        f"gradient check of your dA2 against your loss: relative error {_error_summary(errors).split(' ', 1)[1]}"
    )
    passed(name)


# Exercise 2 ---------------------------------------------------------------------------------------------


def check_flatten_images(flatten_images):
    """flatten_images(images) -> X: images (n, rows, cols) -> (n, rows * cols), each image one row,
    its pixel rows joined top to bottom (like nh.letters). Works for any n, rows and cols; images must
    not change."""
    name = "flatten_images"
    X_letters, _, _ = letters()
    rng = np.random.default_rng(81)
    cases = [
        ("the 3 letters (3, 5, 6)", X_letters.reshape(3, 5, 6)),
        ("4 images of 2 x 3 pixels", rng.integers(0, 10, size=(4, 2, 3)).astype(float)),
        ("a single 5 x 6 image, shape (1, 5, 6)", X_letters[:1].reshape(1, 5, 6)),
    ]
    for what, images in cases:
        n, rows, cols = images.shape
        before = images.copy()
        got = _run(
            flatten_images,
            f"{name}(images of shape {images.shape})",
            (images,),
            f"It must work for any shape (n, rows, cols), here "
            f"{images.shape}: do not type in 3, 15 or 30; images.reshape(len(images), -1) works for all",
        )
        check_not_mutated(name, before, images, "images")
        got = as_result_array(got, name, what)
        expected = images.reshape(n, rows * cols)
        if got.shape == (n * rows, cols) and n > 1:
            raise CheckFailed(
                f"{name} returned shape {got.shape} for {what}: the pixel rows of the images are "
                f"stacked under each other, {n * rows} rows of {cols}. This is this section's bug: "
                f"every image must become ONE row of {rows * cols} pixels, shape {(n, rows * cols)}"
            )
        if got.shape == (rows * cols, n) and n > 1:
            raise CheckFailed(
                f"{name} returned shape {got.shape} for {what}: one column per image; each image "
                f"must be one row (one example per row), shape {(n, rows * cols)}"
            )
        compare(
            name,
            got,
            expected,
            what,
            [
                (
                    images.transpose(0, 2, 1).reshape(n, -1),
                    "each image is flattened column by column; join its pixel rows instead, top to bottom (reshape, "
                    "without a transpose), as nh.letters does",
                ),
            ],
        )
    passed(name)


# Exercise 3 ---------------------------------------------------------------------------------------------


class CheckedNet:
    """The lesson's two-layer network, recording which of its methods a training step calls."""

    def __init__(self, seed):
        self.params, self.X, self.Y = _case(seed, 3, 4, 2, 5)
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self.calls = []
        self.cache = None

    def forward(self, X):
        self.calls.append(("forward", X))
        self.cache = (X,) + _forward(self.params, X)
        return self.cache[-1]

    def loss(self, A2, Y):
        self.calls.append(("loss", Y))
        return _mse(A2, Y)

    def backward(self, Y):
        self.calls.append(("backward", Y))
        if self.cache is not None:  # without a forward pass there is nothing to go back through
            self.grads = _gradients(self.params, self.cache[0], Y)

    def update(self, lr):
        self.calls.append(("update", lr))
        for key in self.params:
            self.params[key] -= lr * self.grads[key]

    def __repr__(self):
        return "net"


def check_train_step(train_step):
    """train_step(net, X, Y, lr) -> the loss before the update. One training step: A2 = net.forward(X),
    the loss of A2, net.backward(Y), net.update(lr), each once and in that order."""
    name = "train_step"
    lr = 0.05
    net = CheckedNet(82)
    X, Y = net.X, net.Y
    start = {key: value.copy() for key, value in net.params.items()}
    loss_before = _mse(_forward(net.params, X)[-1], Y)
    expected_grads = _gradients(net.params, X, Y)
    result = _run(
        train_step,
        f"{name}(net, X, Y, lr={lr})",
        (net, X, Y, lr),
        "train_step(net, X, Y, lr) may use net.forward(X), "
        "net.loss(A2, Y), net.backward(Y) and net.update(lr)",
    )
    names = [call_name for call_name, _ in net.calls]
    if "backward" not in names:
        raise CheckFailed(
            f"{name} never called net.backward(Y), so there were no gradients and no parameter moved. "
            "Writing `net.backward` without parentheses only looks the method up and does nothing "
            "(this section's bug): call it, net.backward(Y)"
        )
    if "update" not in names:
        raise CheckFailed(
            f"{name} never called net.update(lr), so no parameter moved: call net.update(lr) "
            "after net.backward(Y)"
        )
    if "forward" not in names:
        raise CheckFailed(
            f"{name} never called net.forward(X): backward needs this step's forward pass"
        )
    for step in ("forward", "backward", "update"):
        if names.count(step) != 1:
            raise CheckFailed(
                f"{name} called net.{step} {names.count(step)} times; one training step runs "
                "forward, backward and update once each"
            )
    where = {step: names.index(step) for step in ("forward", "backward", "update")}
    if where["update"] < where["backward"]:
        raise CheckFailed(
            f"{name} called net.update before net.backward: it applied the gradients of the previous "
            "step (all 0 on the first step). Order: forward, loss, backward, update"
        )
    if where["backward"] < where["forward"]:
        raise CheckFailed(
            f"{name} called net.backward before net.forward: backward must use this step's forward "
            "pass. Order: forward, loss, backward, update"
        )
    arguments = dict(net.calls)
    if not (
        isinstance(arguments["forward"], np.ndarray) and np.array_equal(arguments["forward"], X)
    ):
        raise CheckFailed(
            f"{name} called net.forward with {arguments['forward']!r:.40} instead of the inputs X"
        )
    if not (
        isinstance(arguments["backward"], np.ndarray) and np.array_equal(arguments["backward"], Y)
    ):
        raise CheckFailed(
            f"{name} called net.backward with {arguments['backward']!r:.40} instead of the targets Y"
        )
    if not (isinstance(arguments["update"], numbers.Real) and arguments["update"] == lr):
        raise CheckFailed(
            f"{name} called net.update with {arguments['update']!r:.40} instead of the learning rate lr"
        )
    for key in PARAMETER_NAMES:
        compare(
            f"{name} (parameter {key} after the step)",
            net.params[key],
            start[key] - lr * expected_grads[key],
            "one training step",
            [],
        )
    if result is None:
        raise CheckFailed(f"{name} returned None: did you forget to return the loss?")
    loss_after = _mse(_forward(net.params, X)[-1], Y)
    compare(
        f"{name} (the returned loss)",
        result,
        loss_before,
        "one training step",
        [
            (
                loss_after,
                "this is the loss after the update; return the loss of this step's forward pass, computed "
                "before net.update(lr), which is what fit records for the epoch",
            )
        ],
    )
    # The proof: five steps on a fresh network, and every parameter moves.
    net = CheckedNet(82)
    start = {key: value.copy() for key, value in net.params.items()}
    losses = [float(train_step(net, net.X, net.Y, lr)) for _ in range(5)]
    if not losses[-1] < losses[0]:
        raise CheckFailed(
            f"{name}: over 5 steps the loss went from {losses[0]:.4g} to {losses[-1]:.4g}; it should fall"
        )
    moved = [key for key in PARAMETER_NAMES if not np.array_equal(start[key], net.params[key])]
    print(
        f"5 steps with your train_step: loss {losses[0]:.4f} -> {losses[-1]:.4f}; parameters that moved: "
        f"{', '.join(moved)}"
    )
    passed(name)


# Exercise 4 ---------------------------------------------------------------------------------------------


def check_update_parameters(update_parameters):
    """update_parameters(params, grads, lr): params[name] -= lr * grads[name] for EVERY name in params
    (weights and biases), changing the dict params itself; any parameter names; grads must not change;
    a parameter without a gradient must raise an error (KeyError or ValueError), not be skipped."""
    name = "update_parameters"
    rng = np.random.default_rng(83)
    hint = (
        "update_parameters must work for any parameter names: loop over the parameters themselves "
        "(for name in params: ...), not over a list of names typed in"
    )
    cases = [
        (
            "the parameters W1, b1, W2, b2",
            {
                key: rng.normal(size=shape)
                for key, shape in (("W1", (3, 4)), ("b1", (1, 4)), ("W2", (4, 2)), ("b2", (1, 2)))
            },
        ),
        (
            "parameters named 'weights' and 'bias'",
            {"weights": rng.normal(size=(2, 3)), "bias": rng.normal(size=(1, 3))},
        ),
    ]
    lr = 0.1
    for what, params in cases:
        grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
        start = {key: value.copy() for key, value in params.items()}
        grads_before = {key: value.copy() for key, value in grads.items()}
        result = _run(
            update_parameters, f"{name}(params, grads, lr) with {what}", (params, grads, lr), hint
        )
        for key, value in grads.items():
            check_not_mutated(name, grads_before[key], value, f"grads['{key}']")
        unchanged = [key for key in params if np.array_equal(np.asarray(params[key]), start[key])]
        if len(unchanged) == len(params):
            returned = "returned a new dict but " if isinstance(result, dict) else ""
            raise CheckFailed(
                f"{name} {returned}left params unchanged ({what}). The network keeps using its own "
                "dict, so change the dict you were given, params[name] -= lr * grads[name]; "
                "assigning a new dict to the name params inside the function does not change it"
            )
        if unchanged and len(unchanged) < len(params):
            raise CheckFailed(
                f"{name} updated {', '.join(k for k in params if k not in unchanged)} but not "
                f"{', '.join(unchanged)} ({what}): every parameter must be updated, the biases too "
                "(this section's bug). Loop over all of params instead of listing names"
            )
        for key in params:
            compare(
                f"{name}: params['{key}']",
                params[key],
                start[key] - lr * grads[key],
                what,
                [
                    (
                        start[key],
                        f"params['{key}'] did not change: every parameter must be updated",
                    ),
                    (start[key] + lr * grads[key], "the step goes uphill: subtract lr * gradient"),
                    (start[key] - grads[key], "the learning rate lr is not used"),
                ],
            )
    # A parameter with no gradient must stop the update loudly.
    params = {"W": rng.normal(size=(2, 2)), "b": rng.normal(size=(1, 2))}
    start = {key: value.copy() for key, value in params.items()}
    try:
        update_parameters(params, {"W": rng.normal(size=(2, 2))}, lr)
    except NotImplementedError:
        raise CheckFailed(
            f"{name} is not written yet: replace `raise NotImplementedError()` with your code"
        ) from None
    except Exception:  # any error is right here: the missing gradient was noticed
        pass
    else:
        if np.array_equal(np.asarray(params["b"]), start["b"]):
            raise CheckFailed(
                f"{name} silently skipped params['b'], for which grads has no entry: a parameter "
                "without a gradient must raise an error (a KeyError is fine), not stay frozen "
                "without a word. Loop over params, not over grads"
            )
        raise CheckFailed(
            f"{name} changed params['b'] although grads has no entry for it; it must raise an error"
        )
    # The proof: one update of the lesson's parameters moves every one of them.
    params, _, _ = _case(84, 3, 4, 2, 5)
    grads = {key: rng.normal(size=value.shape) for key, value in params.items()}
    start = {key: value.copy() for key, value in params.items()}
    update_parameters(params, grads, lr)
    parameter_change_table(start, params, grads)
    passed(name)


# Exercise 5 ---------------------------------------------------------------------------------------------


class ForwardPass:
    """What two_layer_backward may read: net.X, net.Z1, net.A1, net.A2 (after a forward pass) and net.params."""

    def __init__(self, params, X):
        self.params, self.X = params, X
        self.Z1, self.A1, self.A2 = _forward(params, X)

    def __repr__(self):
        return "net"


def check_two_layer_backward(two_layer_backward):
    """two_layer_backward(net, Y) -> {"W1", "b1", "W2", "b2"}: d loss / d parameter for the mean squared error,
    each shaped like its parameter, from net.X, net.Z1, net.A1, net.A2 and net.params. Proven by a gradient check."""
    name = "two_layer_backward"
    X_letters, Y_letters, _ = letters()
    cases = [
        ("a batch of 5 with 3 inputs, 4 hidden units and 2 outputs", *_case(85, 3, 4, 2, 5)),
        ("the letters (3, 30) with 8 hidden units", *_case(86, 30, 8, 3, 3, X=X_letters)),
    ]
    cases[1] = cases[1][:3] + (Y_letters,)
    hint = (
        "two_layer_backward may read net.X, net.Z1, net.A1, net.A2 and net.params; compute dA2 from net.A2 "
        "and Y yourself"
    )
    for index, (what, params, X, Y) in enumerate(cases):
        net = ForwardPass(params, X)
        saved = {key: value.copy() for key, value in params.items()}
        cached = [net.X.copy(), net.Z1.copy(), net.A1.copy(), net.A2.copy(), Y.copy()]
        grads = _run(two_layer_backward, f"{name}(net, Y) for {what}", (net, Y), hint)
        for key in params:
            check_not_mutated(name, saved[key], params[key], f"net.params['{key}']")
        for label, original, array in zip(
            ("net.X", "net.Z1", "net.A1", "net.A2", "Y"), cached, (net.X, net.Z1, net.A1, net.A2, Y)
        ):
            check_not_mutated(name, original, array, label)
        if grads is None:
            raise CheckFailed(
                f"{name} returned None: did you forget to return the dict of gradients?"
            )
        if not isinstance(grads, dict) or sorted(grads) != sorted(PARAMETER_NAMES):
            got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
            raise CheckFailed(
                f"{name} must return a dict with the keys {PARAMETER_NAMES}, got {got}"
            )
        for key in PARAMETER_NAMES:
            shape = np.shape(grads[key])
            if shape != params[key].shape:
                keep = (
                    ": the sum over the batch dropped the axis; use .sum(axis=0, keepdims=True)"
                    if key.startswith("b") and shape == (params[key].shape[1],)
                    else ""
                )
                raise CheckFailed(
                    f"{name} returned {key} of shape {shape} for {what}, expected "
                    f"{params[key].shape}, the shape of the parameter{keep}"
                )
        analytic = {key: as_result_array(grads[key], name, what) for key in PARAMETER_NAMES}
        for key in PARAMETER_NAMES:
            if not np.isfinite(analytic[key]).all():
                raise CheckFailed(f"{name} returned NaN or inf in {key} for {what}")
        point = {key: value.copy() for key, value in params.items()}
        errors = gradient_check(lambda: _mse(_forward(point, X)[-1], Y), point, analytic)
        if all(error < 1e-6 for error in errors.values()):
            if index == 0:
                proof = errors
            continue
        right = _gradients(params, X, Y)
        ones = np.ones_like(net.Z1)
        scale = X.shape[0] * Y.shape[1] / 2.0
        flipped = {key: -value for key, value in right.items()}
        if all(np.allclose(analytic[key], flipped[key]) for key in PARAMETER_NAMES):
            raise CheckFailed(
                f"{name}: every gradient has the opposite sign (gradient check: relative error 1.000 "
                "for W1, b1, W2 and b2). That is this section's bug: Y - A2 is the direction that "
                "lowers the loss, not its derivative; use dA2 = 2 (A2 - Y) / A2.size"
            )
        summary = f" (gradient check of your gradients: {_error_summary(errors)})"
        mistakes = {key: [] for key in PARAMETER_NAMES}
        all_ones = _gradients(params, X, Y, relu_mask=ones)
        for key in ("W1", "b1"):
            mistakes[key] += [
                (
                    all_ones[key],
                    "the ReLU derivative is 1 everywhere (A1 >= 0 is always true, or the mask is "
                    "missing): the gradient must pass only where Z1 > 0",
                ),
                (
                    _gradients(params, X, Y, relu_mask=(net.Z1 < 0))[key],
                    "the ReLU mask is inverted: use Z1 > 0",
                ),
            ]
        half = _gradients(params, X, Y, output_gradient=lambda A2, T: (A2 - T) / A2.size)
        for key in PARAMETER_NAMES:
            mistakes[key] += [
                (
                    right[key] * scale,
                    "dA2 is missing the factor 2 / A2.size of the mean squared error",
                ),
                (half[key], "dA2 is missing the factor 2 from the square"),
                (
                    right[key] / X.shape[0] if key.startswith("b") else None,
                    "the bias gradient is averaged over the "
                    "batch; add up the rows instead: .sum(axis=0, keepdims=True)",
                ),
            ]
        for key in (
            "W2",
            "b2",
            "W1",
            "b1",
        ):  # backprop's own order: the first wrong one is the one to fix
            try:
                compare(
                    f"{name} ['{key}']",
                    analytic[key],
                    right[key],
                    what,
                    [(wrong, text) for wrong, text in mistakes[key] if wrong is not None],
                )
            except CheckFailed as failure:
                raise CheckFailed(f"{failure}{summary}") from None
    _print_gradient_check(proof, "gradient check of your two_layer_backward:")
    passed(name)


# Exercise 6 ---------------------------------------------------------------------------------------------


def check_relu_derivative_from_output(relu_derivative_from_output):
    """relu_derivative_from_output(A) -> relu'(Z) computed from the ReLU output A = relu(Z): 1 where A > 0,
    0 where A == 0 (a unit that is off passes no gradient), shaped like A. A must not change.
    Proven by a gradient check of a two-layer network whose backward pass uses it."""
    name = "relu_derivative_from_output"
    rng = np.random.default_rng(87)
    cases = []
    for shape in ((4, 5), (3, 8)):
        Z = rng.normal(size=shape)
        Z.flat[::4] = 0.0  # exact zeros: A = 0 there as for every negative Z
        cases.append((f"A = relu(Z) of shape {shape}, with zeros where Z <= 0", _relu(Z)))
    for what, A in cases:
        before = A.copy()
        got = _run(
            relu_derivative_from_output,
            f"{name}(A of shape {A.shape})",
            (A,),
            f"A had shape {A.shape}; return an array of the same shape, e.g. (A > 0).astype(float)",
        )
        check_not_mutated(name, before, A, "A")
        got = as_result_array(got, name, what)
        on = (A > 0).astype(float)
        compare(
            name,
            got,
            on,
            what,
            [
                (
                    np.ones_like(A),
                    "the derivative is 1 everywhere: a ReLU output is never negative, so A >= 0 is always "
                    "true (this section's bug). A unit is on exactly where its output is positive: A > 0",
                ),
                (
                    A,
                    "this returns the activations themselves; the derivative is 1 where A > 0 and 0 where A == 0",
                ),
                (1.0 - on, "the mask is the wrong way round: 1 where A > 0, 0 where A == 0"),
                (
                    np.zeros_like(A),
                    "the derivative is 0 everywhere, so no gradient would reach the hidden layer; "
                    "it is 1 where A > 0",
                ),
            ],
        )
    # The proof: a gradient check of the lesson's network with this derivative in its backward pass.
    params, X, Y = _case(88, 3, 6, 2, 5)
    _Z1, A1, _ = _forward(params, X)
    mask = as_result_array(relu_derivative_from_output(A1.copy()), name, "the hidden layer")
    grads = _gradients(params, X, Y, relu_mask=mask)
    point = {key: value.copy() for key, value in params.items()}
    errors = gradient_check(lambda: _mse(_forward(point, X)[-1], Y), point, grads)
    if not all(
        error < 1e-6 for error in errors.values()
    ):  # pragma: no cover (compare above catches it first)
        raise CheckFailed(
            f"with {name} in the backward pass the gradient check fails: {_error_summary(errors)}"
        )
    _print_gradient_check(
        errors, "gradient check of a network using your relu_derivative_from_output:"
    )
    passed(name)


# ----- the mystery network (section 10): a tanh hidden layer, a linear output, the mean squared error -------
MYSTERY_SHAPE = (4, 5, 3)  # n_inputs, n_hidden, n_outputs: no two equal, so no transpose can hide
MYSTERY_EPOCHS = 5


def tanh_net_losses(params, X, Y, epochs, lr):
    """The right behaviour of the mystery network: (losses before each step, parameters after the last).

    Z1 = X @ W1 + b1, A1 = tanh(Z1), A2 = A1 @ W2 + b2, loss = mean((A2 - Y) ** 2); full-batch steps
    theta <- theta - lr * d loss / d theta for all four parameters. params is not changed.
    """
    params = {name: np.array(value, dtype=float) for name, value in params.items()}
    losses = []
    for _ in range(epochs):
        loss, grads = tanh_net_gradients(params, X, Y)
        losses.append(loss)
        params = {name: value - lr * grads[name] for name, value in params.items()}
    return losses, params


def tanh_net_gradients(params, X, Y):
    """(loss, {name: d loss / d name}) of the mystery network's right version."""
    A1 = np.tanh(X @ params["W1"] + params["b1"])
    A2 = A1 @ params["W2"] + params["b2"]
    dA2 = _mse_gradient(A2, Y)
    dZ1 = (dA2 @ params["W2"].T) * (1.0 - A1**2)
    return _mse(A2, Y), {
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


def mystery_case(rng):
    """Parameters of MYSTERY_SHAPE (of order 1, biases not 0), a batch of 6, targets and a learning rate."""
    n_inputs, n_hidden, n_outputs = MYSTERY_SHAPE
    params = _params(rng, n_inputs, n_hidden, n_outputs)
    params["b1"] = rng.normal(size=(1, n_hidden))
    params["b2"] = rng.normal(size=(1, n_outputs))
    return {
        "params": params,
        "X": rng.normal(size=(6, n_inputs)),
        "Y": rng.normal(size=(6, n_outputs)),
        "lr": float(rng.uniform(0.05, 0.2)),
    }


def run_fixed_network(FixedNet, case, epochs=MYSTERY_EPOCHS):
    """FixedNet(*MYSTERY_SHAPE, seed=0) given the case's parameters, trained with its own fit: (losses, net)."""
    net = FixedNet(*MYSTERY_SHAPE, seed=0)
    net.params = {name: value.copy() for name, value in case["params"].items()}
    net.grads = {name: np.zeros_like(value) for name, value in net.params.items()}
    losses = net.fit(case["X"].copy(), case["Y"].copy(), epochs, case["lr"])
    return losses, net


def check_mystery_fixed(FixedNet):
    """FixedNet: the mystery network with both bugs fixed, a class like the lesson's, built as
    FixedNet(n_inputs, n_hidden, n_outputs, seed=0), with params, grads, forward, loss, backward, update, fit.

    Checked as the toolbox checks it: one step moves every parameter by lr times its gradient, backward agrees
    with finite differences of the loss, and 5 epochs give the losses of the right network, on a 4-5-3 network.
    """
    if not isinstance(FixedNet, type):
        raise CheckFailed(f"FixedNet should be a class, got {type(FixedNet).__name__}")
    case = mystery_case(np.random.default_rng(81))
    X, Y, lr = case["X"], case["Y"], case["lr"]
    net = call(
        lambda: FixedNet(*MYSTERY_SHAPE, seed=0), "FixedNet", shown="FixedNet(4, 5, 3, seed=0)"
    )
    net.params = {name: value.copy() for name, value in case["params"].items()}
    net.grads = {name: np.zeros_like(value) for name, value in net.params.items()}
    before = {name: value.copy() for name, value in net.params.items()}
    call(
        lambda: net.train_step(X.copy(), Y.copy(), lr),
        "train_step",
        shown="net.train_step(X, Y, lr)",
    )
    frozen = [name for name in PARAMETER_NAMES if not np.any(net.params[name] != before[name])]
    if frozen:
        raise CheckFailed(
            f"after one train_step, {', '.join(frozen)} did not move at all. Which tool of section 2 "
            "shows what a step moved, and what does it say about your update?"
        )
    moved = {name: net.params[name] - before[name] for name in PARAMETER_NAMES}
    expected_grads = tanh_net_gradients(before, X, Y)[1]
    step_of_own = all(
        np.allclose(moved[name], -lr * net.grads[name], rtol=1e-6, atol=1e-12)
        for name in PARAMETER_NAMES
    )
    if not step_of_own:
        raise CheckFailed(
            "one train_step moved the parameters, but not by -lr times the gradients that backward "
            "left in net.grads: the update must subtract lr * grads, once, for every parameter"
        )
    net.params = {name: value.copy() for name, value in before.items()}
    net.forward(X.copy())
    net.backward(Y.copy())
    analytic = {name: np.array(value, dtype=float) for name, value in net.grads.items()}
    errors = gradient_check(lambda: net.loss(net.forward(X), Y), net.params, analytic)
    wrong = [name for name, error in errors.items() if not error < 1e-6]
    if wrong:
        gradient_check_table(errors)
        raise CheckFailed(
            f"backward disagrees with finite differences of the loss for {', '.join(wrong)} (table "
            "above): a bug is left in the backward pass or in the loss's gradient. Compare what "
            "backward multiplies by with the derivative of the hidden layer's activation"
        )
    # the loss itself: a right gradient of a wrong loss passes the gradient check
    for name in PARAMETER_NAMES:
        compare(
            f"the gradient of {name}",
            analytic[name],
            expected_grads[name],
            "the mystery network's loss (the mean squared error) on a 4-5-3 network",
            rtol=1e-6,
            atol=1e-9,
        )
    losses, _ = run_fixed_network(FixedNet, case)
    expected_losses, _ = tanh_net_losses(case["params"], X, Y, MYSTERY_EPOCHS, lr)
    compare(
        "FixedNet(...).fit: the losses",
        losses,
        expected_losses,
        f"{MYSTERY_EPOCHS} epochs on a 4-5-3 network",
    )
    passed("FixedNet")
