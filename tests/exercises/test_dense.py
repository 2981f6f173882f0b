"""Lesson 02's self-checks pass a right answer and fail each known-wrong one with the right message;
the shape explorer redraws when a slider moves and refuses bad sizes with a clear error."""
import numpy as np
import pytest

import nnhelpers as nh


def not_written(*args):
    raise NotImplementedError()


# ----- dense_forward ---------------------------------------------------------------------------------

def good_forward(X, weights, biases):
    return X @ weights + biases


def mutating_forward(X, weights, biases):
    z = X @ weights + biases
    X[:] = 0.0   # right answer, but the caller's X is wiped
    return z


def hardcoded_forward(X, weights, biases):
    return (X @ weights + biases).reshape(5, 4)


WRONG_FORWARDS = [
    (not_written, "dense_forward is not written yet"),
    (lambda X, W, b: X @ W, "the biases are missing"),
    (lambda X, W, b: X @ W - b, "the biases are subtracted"),
    (lambda X, W, b: np.maximum(0, X @ W + b), "this applies ReLU"),
    (lambda X, W, b: 1 / (1 + np.exp(-(X @ W + b))), "this applies the sigmoid"),
    (lambda X, W, b: X @ W * b, "the biases are multiplied"),
    (lambda X, W, b: W @ X + b, "raised ValueError"),
    (lambda X, W, b: W @ X + b, "X @ weights + biases, with X first"),
    (lambda X, W, b: X * W + b, "The shapes were X (5, 3), weights (3, 4), biases (1, 4); the output must be (5, 4)"),
    (lambda X, W, b: (X @ W + b).T, "dense_forward returned shape (4, 5) for X (5, 3), weights (3, 4), biases (1, 4), "
                                    "expected (5, 4): the axes are swapped, did you forget a transpose"),
    (lambda X, W, b: W.T @ X.T + b.T, "the axes are swapped"),
    # X @ W.T raises for (5, 3) @ (4, 3); the square second case is where the values give it away
    (lambda X, W, b: X @ W.T + b if W.shape[0] == W.shape[1] else X @ W + b, "the weights are transposed"),
    (lambda X, W, b: None, "dense_forward returned None for X (5, 3), weights (3, 4), biases (1, 4): did you forget `return`?"),
    (lambda X, W, b: np.sum(X @ W + b, axis=0), "dense_forward returned shape (4,) for X (5, 3), weights (3, 4), biases (1, 4), expected (5, 4)"),
    (lambda X, W, b: 2 * (X @ W + b), "twice too large"),
    (lambda X, W, b: np.round(X @ W + b, 2), "dense_forward is wrong for X (5, 3), weights (3, 4), biases (1, 4): got"),
    (mutating_forward, "dense_forward changed its input X in place"),
    (hardcoded_forward, "cannot reshape array of size 6 into shape (5,4)"),
]


def test_right_forward_passes(capsys):
    nh.check_dense_forward(good_forward)
    nh.check_dense_forward(lambda X, W, b: np.dot(X, W) + b)
    nh.check_dense_forward(lambda X, W, b: nh.Dense(W.shape[0], W.shape[1], init="zeros").forward(X) @ np.zeros((W.shape[1], W.shape[1])) + X @ W + b)
    assert capsys.readouterr().out == "dense_forward: all checks passed\n" * 3


@pytest.mark.parametrize("wrong,message", WRONG_FORWARDS)
def test_wrong_forwards_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_dense_forward(wrong)
    assert message in str(failure.value)


def test_forward_that_changes_weights_is_caught():
    def forward(X, W, b):
        W *= 2
        return X @ (W / 2) + b
    with pytest.raises(nh.CheckFailed, match="dense_forward changed its input weights in place"):
        nh.check_dense_forward(forward)


# ----- dense_backward --------------------------------------------------------------------------------

def good_backward(dvalues, X, weights):
    return X.T @ dvalues, np.sum(dvalues, axis=0, keepdims=True), dvalues @ weights.T


def backward_with(dweights=None, dbiases=None, dinputs=None):
    """A backward pass that is right except for the parts given (functions of dvalues, X, weights)."""
    def backward(dvalues, X, weights):
        right = good_backward(dvalues, X, weights)
        parts = [f(dvalues, X, weights) if f else r for f, r in zip((dweights, dbiases, dinputs), right)]
        return tuple(parts)
    return backward


def mutating_backward(dvalues, X, weights):
    result = good_backward(dvalues, X, weights)
    dvalues /= 1.0
    dvalues[0, 0] += 1.0
    return result


def mutating_x_backward(dvalues, X, weights):
    result = good_backward(dvalues, X, weights)
    X -= 0.01 * X
    return result


WRONG_BACKWARDS = [
    (not_written, "dense_backward is not written yet"),
    # missing transpose: the shapes come out swapped
    (backward_with(dweights=lambda d, X, W: d.T @ X),
     "dense_backward (dweights) returned shape (4, 3) for dvalues (5, 4), X (5, 3), weights (3, 4), expected (3, 4): "
     "the axes are swapped, did you forget a transpose"),
    (backward_with(dinputs=lambda d, X, W: W @ d.T),
     "dense_backward (dinputs) returned shape (3, 5) for dvalues (5, 4), X (5, 3), weights (3, 4), expected (5, 3): "
     "the axes are swapped"),
    # missing transpose: the matrix product fails
    (backward_with(dweights=lambda d, X, W: X @ d), "raised ValueError"),
    (backward_with(dweights=lambda d, X, W: X @ d), "A matmul error usually means a missing or misplaced transpose: "
                                                    "dweights = X.T @ dvalues, dinputs = dvalues @ weights.T"),
    (backward_with(dinputs=lambda d, X, W: d @ W), "dinputs (5, 3) like X"),
    # mean instead of sum
    (backward_with(dweights=lambda d, X, W: X.T @ d / len(d)),
     "dweights averages over the batch: it is 5 times too small, 5 being the batch size. Sum over the examples"),
    (backward_with(dbiases=lambda d, X, W: np.mean(d, axis=0, keepdims=True)),
     "dbiases averages over the batch: it is 5 times too small, 5 being the batch size. Use np.sum(dvalues, axis=0, keepdims=True), not np.mean"),
    (lambda d, X, W: tuple(g / len(d) for g in good_backward(d, X, W)), "dweights averages over the batch"),
    (backward_with(dinputs=lambda d, X, W: d @ W.T / len(d)), "dinputs is 5 times too small, 5 being the batch size"),
    # dbiases shapes
    (backward_with(dbiases=lambda d, X, W: np.sum(d, axis=0)),
     "dense_backward returned dbiases of shape (4,) for dvalues (5, 4), X (5, 3), weights (3, 4), expected (1, 4), "
     "the shape of biases: the sum over the batch dropped the axis; use np.sum(dvalues, axis=0, keepdims=True)"),
    (backward_with(dbiases=lambda d, X, W: np.mean(d, axis=0)), "expected (1, 4), the shape of biases: the sum over the batch dropped the axis"),
    (backward_with(dbiases=lambda d, X, W: np.sum(d, axis=1, keepdims=True)), "this sums over the neurons (axis=1)"),
    (backward_with(dbiases=lambda d, X, W: np.sum(d, axis=1)), "dbiases of shape (5,)"),
    (backward_with(dbiases=lambda d, X, W: np.sum(d)), "this sums over everything and gives one number"),
    (backward_with(dbiases=lambda d, X, W: d.copy()), "this is one value per example"),
    (backward_with(dbiases=lambda d, X, W: np.full((1, d.shape[1]), float(len(d)))), "dbiases counts the examples"),
    # other slips
    (backward_with(dweights=lambda d, X, W: -(X.T @ d)), "dense_backward (dweights) is wrong for dvalues (5, 4), X (5, 3), weights (3, 4): the sign is flipped"),
    (backward_with(dinputs=lambda d, X, W: d @ np.abs(W).T), "uses the size of the weights but not their signs"),
    (backward_with(dweights=lambda d, X, W: X.T @ np.ones_like(d)), "dense_backward (dweights) is wrong for dvalues (5, 4), X (5, 3), weights (3, 4): got"),
    (lambda d, X, W: (X.T @ d, d @ W.T, np.sum(d, axis=0, keepdims=True)), "return them in the order (dweights, dbiases, dinputs)"),
    (lambda d, X, W: (X.T @ d, np.sum(d, axis=0, keepdims=True)), "must return three arrays (dweights, dbiases, dinputs), got tuple of length 2"),
    (lambda d, X, W: X.T @ d, "must return three arrays (dweights, dbiases, dinputs), got ndarray"),
    (lambda d, X, W: None, "dense_backward returned None: did you forget `return dweights, dbiases, dinputs`?"),
    (mutating_backward, "dense_backward changed its input dvalues in place"),
    (mutating_x_backward, "dense_backward changed its input X in place"),
]


def test_right_backward_passes(capsys):
    nh.check_dense_backward(good_backward)

    def with_layer(dvalues, X, weights):
        layer = nh.Dense(*weights.shape, init="zeros")
        layer.weights = weights
        layer.forward(X)
        dinputs = layer.backward(dvalues)
        return layer.dweights, layer.dbiases, dinputs
    nh.check_dense_backward(with_layer)
    nh.check_dense_backward(lambda d, X, W: [np.dot(X.T, d), d.sum(axis=0).reshape(1, -1), np.dot(d, W.T)])
    assert capsys.readouterr().out == "dense_backward: all checks passed\n" * 3


@pytest.mark.parametrize("wrong,message", WRONG_BACKWARDS)
def test_wrong_backwards_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_dense_backward(wrong)
    assert message in str(failure.value)


def test_backward_hardcoded_for_one_shape_fails_on_the_second():
    def backward(d, X, W):
        dweights, dbiases, dinputs = good_backward(d, X, W)
        return dweights, dbiases.reshape(1, 4), dinputs
    with pytest.raises(nh.CheckFailed, match=r"raised ValueError: cannot reshape array of size 1 into shape \(1,4\)"):
        nh.check_dense_backward(backward)


# ----- relu_backward ---------------------------------------------------------------------------------

def good_relu_backward(dvalues, z):
    return dvalues * (z > 0)


def copying_relu_backward(dvalues, z):
    dz = dvalues.copy()
    dz[z <= 0] = 0
    return dz


def mutating_relu_backward(dvalues, z):
    dvalues[z <= 0] = 0
    return dvalues


def mutating_z_relu_backward(dvalues, z):
    z[z < 0] = 0
    return dvalues * (z > 0)


WRONG_RELU_BACKWARDS = [
    (not_written, "relu_backward is not written yet"),
    (lambda d, z: d * (z >= 0), "the gradient passes at z = 0: ReLU's derivative at exactly 0 is taken to be 0, "
                                "so the mask is z > 0, not z >= 0"),
    (lambda d, z: np.where(z >= 0, d, 0.0), "the mask is z > 0, not z >= 0"),
    (lambda d, z: d * (z < 0), "the mask is the wrong way round"),
    (lambda d, z: d * (z <= 0), "the mask is the wrong way round"),
    (lambda d, z: d, "the gradient passes everywhere; it must be 0 where z <= 0"),
    (lambda d, z: d * (np.maximum(0, z) >= 0), "relu(z) >= 0 is always true"),
    (lambda d, z: (z > 0).astype(float), "this is ReLU's derivative alone; the chain rule multiplies it by dvalues"),
    (lambda d, z: (z >= 0) * 1.0, "the chain rule multiplies it by dvalues"),
    (lambda d, z: d * np.maximum(0, z), "this multiplies dvalues by ReLU(z) itself"),
    (lambda d, z: np.maximum(0, d), "the mask must come from z, the input of ReLU, not from the sign of dvalues"),
    (lambda d, z: np.maximum(0, z), "this is ReLU(z), the forward pass"),
    (lambda d, z: -d * (z > 0), "the sign is flipped"),
    (lambda d, z: (d * (z > 0)).T, "relu_backward returned shape (5, 4) for dvalues and z of shape (4, 5) "
                                   "(z has negative, positive and zero entries), expected (4, 5): the axes are swapped"),
    (lambda d, z: d @ (z > 0), "raised ValueError"),
    (lambda d, z: None, "relu_backward returned None"),
    (mutating_relu_backward, "relu_backward changed its input dvalues in place; compute a new array instead"),
    (mutating_relu_backward, "start from a copy, dz = dvalues.copy(), and then set dz[z <= 0] = 0"),
    (mutating_z_relu_backward, "relu_backward changed its input z in place"),
]


def test_right_relu_backward_passes(capsys):
    nh.check_relu_backward(good_relu_backward)
    nh.check_relu_backward(copying_relu_backward)
    nh.check_relu_backward(lambda d, z: d * nh.activation("relu").derivative(z))
    nh.check_relu_backward(lambda d, z: np.where(z > 0, d, 0.0))
    assert capsys.readouterr().out == "relu_backward: all checks passed\n" * 4


@pytest.mark.parametrize("wrong,message", WRONG_RELU_BACKWARDS)
def test_wrong_relu_backwards_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_relu_backward(wrong)
    assert message in str(failure.value)


def test_checks_name_a_non_function():
    for check, name in ((nh.check_dense_forward, "dense_forward"), (nh.check_dense_backward, "dense_backward"),
                        (nh.check_relu_backward, "relu_backward")):
        with pytest.raises(nh.CheckFailed, match=f"{name} should be a function"):
            check(None)


# ----- ShapeExplorer ---------------------------------------------------------------------------------

def test_shape_explorer_redraws_and_relabels_on_slider_change():
    explorer = nh.ShapeExplorer(batch=4, n_inputs=3, n_neurons=2)
    first_image = explorer.live.image.value
    assert first_image[:8] == b"\x89PNG\r\n\x1a\n"
    assert {k: t.get_text() for k, t in explorer.labels.items()} == {"X": "(4, 3)", "W": "(3, 2)", "b": "(1, 2)", "Z": "(4, 2)"}
    assert "X (4, 3) @ W (3, 2) + b (1, 2) → Z (4, 2)" in explorer.equation.value

    explorer.batch.value = 5
    second_image = explorer.live.image.value
    assert second_image != first_image
    assert explorer.labels["X"].get_text() == "(5, 3)" and explorer.labels["Z"].get_text() == "(5, 2)"
    assert explorer.labels["W"].get_text() == "(3, 2)"

    explorer.n_neurons.value = 6
    explorer.n_inputs.value = 7
    assert explorer.live.image.value != second_image
    assert explorer.shapes() == {"X": (5, 7), "W": (7, 6), "b": (1, 6), "Z": (5, 6)}
    assert {k: t.get_text() for k, t in explorer.labels.items()} == {"X": "(5, 7)", "W": "(7, 6)", "b": "(1, 6)", "Z": "(5, 6)"}
    assert "X (5, 7) @ W (7, 6) + b (1, 6) → Z (5, 6)" in explorer.equation.value
    assert "7 × 6 + 6 = 48 parameters" in explorer.equation.value
    assert "a sum of 7 products" in explorer.caption.get_text()
    # one cell per matrix entry: X, W, b, Z; and the broadcast copies of b, one per extra row
    assert len(explorer.cells.get_paths()) == 5 * 7 + 7 * 6 + 6 + 5 * 6
    assert len(explorer.ghosts.get_paths()) == 4 * 6
    assert "each of the 5 rows" in explorer.broadcast_note.get_text()

    explorer.batch.value = 1
    assert explorer.broadcast_note.get_text() == ""
    assert len(explorer.ghosts.get_paths()) == 0


def test_shape_explorer_shows_as_a_widget():
    explorer = nh.ShapeExplorer()
    data, _ = explorer._repr_mimebundle_()
    assert {"application/vnd.jupyter.widget-view+json", "image/png"} <= set(data)
    assert [s.description for s in explorer.widget.children[0].children] == ["batch", "n_inputs", "n_neurons"]


@pytest.mark.parametrize("kwargs,error,message", [
    ({"batch": 0}, ValueError, "batch must be a positive whole number, got 0"),
    ({"n_inputs": 9}, ValueError, "n_inputs must be a whole number from 1 to max_size=8, got 9"),
    ({"n_neurons": -2}, ValueError, "n_neurons must be a positive whole number, got -2"),
    ({"n_neurons": 2.5}, TypeError, "n_neurons must be a positive whole number, got float 2.5"),
    ({"batch": "4"}, TypeError, "batch must be a positive whole number, got str '4'"),
    ({"max_size": 40}, ValueError, "max_size must be between 2 and 12"),
])
def test_shape_explorer_refuses_bad_sizes(kwargs, error, message):
    with pytest.raises(error) as failure:
        nh.ShapeExplorer(**kwargs)
    assert message in str(failure.value)
