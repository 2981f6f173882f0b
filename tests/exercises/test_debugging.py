"""The lesson-08 self-checks pass the right fix, and fail the bug itself and the plausible wrong fixes with a
message that names the problem."""

import numpy as np
import pytest

import nnhelpers as nh


def not_written(*args):
    raise NotImplementedError()


def expect_failure(check, wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        check(wrong)
    assert message in str(failure.value)


# Exercise 1: mse_and_gradient ----------------------------------------------------------------------------


def good_mse(A2, Y):
    errors = A2 - Y
    return np.mean(errors**2), 2 * errors / errors.size


def test_mse_and_gradient_right_answer_passes(capsys):
    nh.check_mse_and_gradient(good_mse)
    out = capsys.readouterr().out
    assert (
        "loss at initialization PASS; loss with other targets PASS; loss of perfect outputs PASS"
        in out
    )
    assert "gradient check of your dA2 against your loss: relative error < 1e-08" in out
    assert out.endswith("mse_and_gradient: all checks passed\n")


def mutating_mse(A2, Y):
    A2 -= Y
    return np.mean(A2**2), 2 * A2 / A2.size


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "mse_and_gradient is not written yet"),
        (
            lambda A2, Y: (np.mean(A2**2), 2 * A2 / A2.size),
            "gives the same loss for different targets Y",
        ),  # the bug
        (lambda A2, Y: (np.mean(A2**2), A2), "it ignores them"),  # the notes
        (lambda A2, Y: None, "returned None"),
        (lambda A2, Y: np.mean((A2 - Y) ** 2), "must return two things, (loss, dA2), got float"),
        (
            lambda A2, Y: (np.mean((A2 - Y) ** 2, axis=0), 2 * (A2 - Y) / A2.size),
            "expected one number",
        ),
        (
            lambda A2, Y: (np.sum((A2 - Y) ** 2), 2 * (A2 - Y)),
            "this is the sum of the squared errors",
        ),
        (
            lambda A2, Y: (np.mean(A2 - Y) ** 2, 2 * (A2 - Y) / A2.size),
            "gives the same loss for different targets",
        ),
        (
            lambda A2, Y: (np.sqrt(np.mean((A2 - Y) ** 2)), 2 * (A2 - Y) / A2.size),
            "leave out the square root",
        ),
        (
            lambda A2, Y: (np.mean((A2 - Y) ** 2) + 1, 2 * (A2 - Y) / A2.size),
            "when the outputs equal the targets",
        ),
        (lambda A2, Y: (np.mean((A2 - Y) ** 2), A2 - Y), "missing the factor 2 / A2.size"),
        (lambda A2, Y: (np.mean((A2 - Y) ** 2), 2 * (Y - A2) / A2.size), "the sign is flipped"),
        (
            lambda A2, Y: (np.mean((A2 - Y) ** 2), (A2 - Y) / A2.size),
            "missing the factor 2 from the square",
        ),
        (
            lambda A2, Y: (np.mean((A2 - Y) ** 2), 2 * (A2 - Y) / len(A2)),
            "divides by the number of rows",
        ),
        (lambda A2, Y: (np.mean((A2 - Y) ** 2), 2 * A2 / A2.size), "dA2 ignores Y"),
        (lambda A2, Y: (np.mean((A2 - Y) ** 2), (A2 - Y).ravel()), "dA2 of shape"),
        (mutating_mse, "changed its input A2 in place"),
    ],
)
def test_mse_and_gradient_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_mse_and_gradient, wrong, message)


# Exercise 2: flatten_images ------------------------------------------------------------------------------


def test_flatten_images_right_answers_pass(capsys):
    nh.check_flatten_images(lambda images: images.reshape(len(images), -1))
    nh.check_flatten_images(lambda images: np.array([image.ravel() for image in images]))
    assert capsys.readouterr().out == "flatten_images: all checks passed\n" * 2


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "flatten_images is not written yet"),
        (
            lambda images: np.vstack(images),
            "returned shape (15, 6) for the 3 letters (3, 5, 6): the pixel rows of the "
            "images are stacked under each other",
        ),  # the bug
        (lambda images: images.reshape(15, 6), "This is this section's bug"),
        (lambda images: images.reshape(-1, 30), "do not type in 3, 15 or 30"),
        (lambda images: images.reshape(len(images), -1).T, "one column per image"),
        (
            lambda images: images.transpose(0, 2, 1).reshape(len(images), -1),
            "flattened column by column",
        ),
        (
            lambda images: images.reshape(len(images), -1)[:, ::-1],
            "flatten_images is wrong for the 3 letters",
        ),
        (lambda images: None, "returned None"),
    ],
)
def test_flatten_images_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_flatten_images, wrong, message)


# Exercise 3: train_step ----------------------------------------------------------------------------------


def good_step(net, X, Y, lr):
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.backward(Y)
    net.update(lr)
    return loss


def test_train_step_right_answers_pass(capsys):
    nh.check_train_step(good_step)

    def own_loss(net, X, Y, lr):  # computing the loss without net.loss is fine
        A2 = net.forward(X)
        loss = np.mean((A2 - Y) ** 2)
        net.backward(Y)
        net.update(lr)
        return loss

    nh.check_train_step(own_loss)
    out = capsys.readouterr().out
    assert out.count("train_step: all checks passed") == 2
    assert "parameters that moved: W1, b1, W2, b2" in out


def no_parentheses(net, X, Y, lr):
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.backward  # noqa: B018 (the bug of the lesson)
    net.update(lr)
    return loss


def update_first(net, X, Y, lr):
    A2 = net.forward(X)
    loss = net.loss(A2, Y)
    net.update(lr)
    net.backward(Y)
    return loss


def backward_first(net, X, Y, lr):
    net.forward(X)
    net.backward(Y)
    A2 = net.forward(X)
    net.update(lr)
    return net.loss(A2, Y)


def loss_after(net, X, Y, lr):
    net.forward(X)
    net.backward(Y)
    net.update(lr)
    return _after(net, X, Y)


def _after(net, X, Y):
    Z1 = X @ net.params["W1"] + net.params["b1"]
    A2 = np.maximum(Z1, 0) @ net.params["W2"] + net.params["b2"]
    return float(np.mean((A2 - Y) ** 2))


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "train_step is not written yet"),
        (no_parentheses, "never called net.backward(Y)"),  # the bug
        (no_parentheses, "without parentheses only looks the method up"),
        (
            lambda net, X, Y, lr: (net.forward(X), net.backward(Y), net.loss(net.A2, Y))[-1],
            "raised AttributeError",
        ),
        (lambda net, X, Y, lr: (net.forward(X), net.backward(Y))[0], "never called net.update(lr)"),
        (lambda net, X, Y, lr: (net.backward(Y), net.update(lr)), "never called net.forward(X)"),
        (
            lambda net, X, Y, lr: (net.backward(Y), net.forward(X), net.update(lr))[-1],
            "called net.backward before net.forward",
        ),
        (update_first, "called net.update before net.backward"),
        (backward_first, "called net.forward 2 times"),
        (
            lambda net, X, Y, lr: (net.forward(X), net.backward(X), net.update(lr))[-1],
            "raised ValueError",
        ),
        (
            lambda net, X, Y, lr: (net.forward(X), net.backward(Y), net.update(10 * lr))[-1],
            "called net.update with 0.5 instead of the learning rate lr",
        ),
        (
            lambda net, X, Y, lr: (net.forward(X), net.backward(Y), net.update(lr))[-1],
            "returned None",
        ),
        (loss_after, "this is the loss after the update"),
        (
            lambda net, X, Y, lr: (net.forward(X), net.backward(Y), net.update(lr), 0.0)[-1],
            "train_step (the returned loss) is wrong",
        ),
    ],
)
def test_train_step_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_train_step, wrong, message)


# Exercise 4: update_parameters ---------------------------------------------------------------------------


def good_update(params, grads, lr):
    for name in params:
        params[name] -= lr * grads[name]


def test_update_parameters_right_answers_pass(capsys):
    nh.check_update_parameters(good_update)

    def rebinding(params, grads, lr):  # replacing the dict's entries is fine too
        for name, value in params.items():
            params[name] = value - lr * grads[name]

    def explicit(params, grads, lr):
        for name in params:
            if name not in grads:
                raise ValueError(f"no gradient for {name}")
            params[name] -= lr * grads[name]

    nh.check_update_parameters(rebinding)
    nh.check_update_parameters(explicit)
    out = capsys.readouterr().out
    assert out.count("update_parameters: all checks passed") == 3
    assert "-> all 4 parameters moved" in out


def weights_only(params, grads, lr):
    for name in ("W1", "W2"):
        params[name] -= lr * grads[name]


def four_names(params, grads, lr):
    for name in ("W1", "b1", "W2", "b2"):
        params[name] -= lr * grads[name]


def over_grads(params, grads, lr):
    for name in grads:
        params[name] -= lr * grads[name]


def skip_missing(params, grads, lr):
    for name in params:
        if name in grads:
            params[name] -= lr * grads[name]


def new_dict(params, grads, lr):
    return {name: params[name] - lr * grads[name] for name in params}


def rebinds_the_name(params, grads, lr):
    params = {name: params[name] - lr * grads[name] for name in params}


def uphill(params, grads, lr):
    for name in params:
        params[name] += lr * grads[name]


def no_lr(params, grads, lr):
    for name in params:
        params[name] -= grads[name]


def mutates_grads(params, grads, lr):
    for name in params:
        grads[name] *= lr
        params[name] -= grads[name]


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "update_parameters is not written yet"),
        (weights_only, "updated W1, W2 but not b1, b2"),  # the bug
        (weights_only, "every parameter must be updated, the biases too"),
        (four_names, "raised KeyError: 'W1'. update_parameters must work for any parameter names"),
        (over_grads, "silently skipped params['b'], for which grads has no entry"),
        (skip_missing, "silently skipped params['b']"),
        (new_dict, "returned a new dict but left params unchanged"),
        (
            rebinds_the_name,
            "assigning a new dict to the name params inside the function does not change it",
        ),
        (uphill, "the step goes uphill"),
        (no_lr, "the learning rate lr is not used"),
        (mutates_grads, "changed its input grads['W1'] in place"),
    ],
)
def test_update_parameters_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_update_parameters, wrong, message)


# Exercise 5: two_layer_backward --------------------------------------------------------------------------


def backward(net, Y, sign=1.0, mask="Z1 > 0", factor=None, keepdims=True, bias_mean=False):
    size = net.A2.size if factor is None else factor
    dA2 = sign * 2 * (net.A2 - Y) / size
    masks = {
        "Z1 > 0": net.Z1 > 0,
        "A1 > 0": net.A1 > 0,
        "A1 >= 0": net.A1 >= 0,
        "none": 1.0,
        "Z1 < 0": net.Z1 < 0,
    }
    dZ1 = (dA2 @ net.params["W2"].T) * masks[mask]
    reduce = (
        (lambda D: D.mean(axis=0, keepdims=keepdims))
        if bias_mean
        else (lambda D: D.sum(axis=0, keepdims=keepdims))
    )
    return {"W1": net.X.T @ dZ1, "b1": reduce(dZ1), "W2": net.A1.T @ dA2, "b2": reduce(dA2)}


def test_two_layer_backward_right_answers_pass(capsys):
    nh.check_two_layer_backward(backward)
    nh.check_two_layer_backward(lambda net, Y: backward(net, Y, mask="A1 > 0"))
    out = capsys.readouterr().out
    assert out.count("two_layer_backward: all checks passed") == 2
    assert "gradient check of your two_layer_backward:" in out
    assert out.count("< 1e-08         ok") == 8


def mutating_backward(net, Y):
    net.A2 -= Y
    dA2 = 2 * net.A2 / net.A2.size
    dZ1 = (dA2 @ net.params["W2"].T) * (net.Z1 > 0)
    return {
        "W1": net.X.T @ dZ1,
        "b1": dZ1.sum(axis=0, keepdims=True),
        "W2": net.A1.T @ dA2,
        "b2": dA2.sum(axis=0, keepdims=True),
    }


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "two_layer_backward is not written yet"),
        (
            lambda net, Y: backward(net, Y, sign=-1.0),
            "every gradient has the opposite sign (gradient check: relative "
            "error 1.000 for W1, b1, W2 and b2)",
        ),  # the bug
        (
            lambda net, Y: backward(net, Y, mask="A1 >= 0"),
            "['W1'] is wrong for a batch of 5 with 3 inputs, 4 hidden "
            "units and 2 outputs: the ReLU derivative is 1 everywhere",
        ),
        (lambda net, Y: backward(net, Y, mask="none"), "the ReLU derivative is 1 everywhere"),
        (lambda net, Y: backward(net, Y, mask="Z1 < 0"), "the ReLU mask is inverted"),
        (lambda net, Y: backward(net, Y, factor=2.0), "missing the factor 2 / A2.size"),
        (
            lambda net, Y: backward(net, Y, factor=2.0 * net.A2.size),
            "missing the factor 2 from the square",
        ),
        (
            lambda net, Y: backward(net, Y, bias_mean=True),
            "the bias gradient is averaged over the batch",
        ),
        (lambda net, Y: backward(net, Y, keepdims=False), "returned b1 of shape (4,)"),
        (lambda net, Y: backward(net, Y, keepdims=False), "use .sum(axis=0, keepdims=True)"),
        (
            lambda net, Y: {"W1": 0},
            "must return a dict with the keys ['W1', 'b1', 'W2', 'b2'], got ['W1']",
        ),
        (lambda net, Y: None, "returned None"),
        (
            lambda net, Y: backward(net, Y) | {"W2": backward(net, Y)["W2"] * 3},
            "(gradient check of your gradients: W1 < 1e-08, b1 < 1e-08, W2 0.5",
        ),
        (lambda net, Y: net.loss_gradient(net.A2, Y), "raised AttributeError"),
        (lambda net, Y: net.loss_gradient(net.A2, Y), "compute dA2 from net.A2 and Y yourself"),
        (mutating_backward, "changed its input net.A2 in place"),
        (
            lambda net, Y: {k: v * np.nan for k, v in backward(net, Y).items()},
            "returned NaN or inf in W1",
        ),
    ],
)
def test_two_layer_backward_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_two_layer_backward, wrong, message)


# Exercise 6: relu_derivative_from_output -----------------------------------------------------------------


def test_relu_derivative_from_output_right_answers_pass(capsys):
    nh.check_relu_derivative_from_output(lambda A: (A > 0).astype(float))
    nh.check_relu_derivative_from_output(lambda A: A > 0)
    nh.check_relu_derivative_from_output(lambda A: np.where(A > 0, 1, 0))
    out = capsys.readouterr().out
    assert out.count("relu_derivative_from_output: all checks passed") == 3
    assert "gradient check of a network using your relu_derivative_from_output:" in out


def in_place(A):
    A[A > 0] = 1.0
    return A


@pytest.mark.parametrize(
    "wrong,message",
    [
        (not_written, "relu_derivative_from_output is not written yet"),
        (
            lambda A: (A >= 0).astype(float),
            "the derivative is 1 everywhere: a ReLU output is never negative, so A >= 0 "
            "is always true (this section's bug)",
        ),  # the bug
        (lambda A: A, "this returns the activations themselves"),
        (lambda A: (A == 0).astype(float), "the mask is the wrong way round"),
        (lambda A: np.zeros_like(A), "the derivative is 0 everywhere"),
        (lambda A: (A > 0).astype(float).ravel(), "returned shape (20,)"),
        (
            lambda A: (A > 1).astype(float),
            "relu_derivative_from_output is wrong for A = relu(Z) of shape (4, 5)",
        ),
        (in_place, "changed its input A in place"),
        (lambda A: float(A.max() > 0), "returned shape ()"),
    ],
)
def test_relu_derivative_from_output_wrong_answers_fail(wrong, message):
    expect_failure(nh.check_relu_derivative_from_output, wrong, message)
