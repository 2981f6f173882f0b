"""The lesson-07 self-checks pass right answers and fail each known-wrong one with the likely cause."""
import math

import numpy as np
import pytest

import nnhelpers as nh


def not_written(*args, **kwargs):
    raise NotImplementedError()


def leaky_where(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def leaky_max(z, alpha=0.01):              # fine for 0 <= alpha < 1
    return np.maximum(alpha * z, z)


def leaky_copy(z, alpha=0.01):
    out = np.array(z, dtype=float)
    out[out < 0] *= alpha
    return out


def derivative_where(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha)


def derivative_ones(z, alpha=0.01):
    out = np.ones_like(np.asarray(z, dtype=float))
    out[np.asarray(z) <= 0] = alpha
    return out


def collapse_right(W1, b1, W2, b2):
    return W1 @ W2, b1 @ W2 + b2


def test_right_answers_pass(capsys):
    for fn in (leaky_where, leaky_max, leaky_copy,
               lambda z, alpha=0.01: nh.activation("leaky_relu", alpha=alpha).forward(z)):
        nh.check_leaky_relu(fn)
    for fn in (derivative_where, derivative_ones,
               lambda z, alpha=0.01: nh.activation("leaky_relu", alpha=alpha).derivative(z)):
        nh.check_leaky_relu_derivative(fn)
    nh.check_collapse(collapse_right)
    nh.check_collapse(lambda W1, b1, W2, b2: (np.dot(W1, W2), np.dot(b1, W2) + b2))
    out = capsys.readouterr().out
    assert out == ("leaky_relu: all checks passed\n" * 4 + "leaky_relu_derivative: all checks passed\n" * 3
                   + "collapse: all checks passed\n" * 2)


def test_derivative_at_zero_matches_nnhelpers():
    assert nh.activation("leaky_relu").derivative(0.0) == 0.01 == derivative_where(0.0)


def mutating_leaky(z, alpha=0.01):
    z = np.asarray(z)
    z[z < 0] *= alpha
    return z


def indexing_leaky(z, alpha=0.01):      # fails on a plain number before it can change an array
    z[z < 0] *= alpha
    return z


def leaky_no_default(z, alpha):
    return np.where(z > 0, z, alpha * z)


WRONG_LEAKY = [
    (not_written, "leaky_relu is not written yet"),
    ("leaky", "leaky_relu should be a function"),
    (lambda z, alpha=0.01: np.where(z > 0, alpha * z, z), "alpha is applied to the positive inputs"),
    (lambda z, alpha=0.01: np.maximum(z, 0), "negative inputs become 0: that is plain ReLU"),
    (lambda z, alpha=0.01: z, "negative inputs must be multiplied by alpha; the output equals the input"),
    (lambda z, alpha=0.01: alpha * z, "every input is multiplied by alpha"),
    (lambda z, alpha=0.01: np.minimum(alpha * z, z), "np.minimum(alpha * z, z) also gives this"),
    (lambda z, alpha=0.01: np.where(z > 0, z, -alpha * z), "the negative side has the wrong sign"),
    (lambda z, alpha=0.01: np.where(z > 0, z, alpha), "negative inputs become the constant alpha"),
    (derivative_where, "this is the derivative (1 or alpha), not leaky ReLU itself"),
    (lambda z, alpha=0.01: np.where(z > 0, z, 0.01 * z), "leaky_relu with alpha=0.2 is wrong for an array of shape (8,): "
                                                         "alpha is ignored"),
    (lambda z, alpha=0.01: max(alpha * z, z), "works for a single number but not for an array of shape (8,)"),
    (mutating_leaky, "leaky_relu changed its input z in place"),
    (indexing_leaky, "leaky_relu(-2.0) raised TypeError: 'float' object is not subscriptable"),
    (lambda z, alpha=0.01: None, "returned None"),
    (lambda z: np.where(z > 0, z, 0.01 * z), "leaky_relu cannot be called as leaky_relu(z, alpha=0.2)"),
    (leaky_no_default, "leaky_relu cannot be called as leaky_relu(z)"),
    (lambda z, alpha=0.1: np.where(z > 0, z, alpha * z), "leaky_relu's alpha defaults to 0.1"),
    (lambda z, alpha=0.01: np.where(z > 0, z, alpha * z).T, "expected (2, 4): the axes are swapped"),
    (lambda z, alpha=0.01: np.round(leaky_where(z, alpha), 1),
     "leaky_relu is wrong for an array of shape (8,): got 0.2 at index (6,), expected 0.25"),
]


@pytest.mark.parametrize("wrong,message", WRONG_LEAKY)
def test_wrong_leaky_relus_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_leaky_relu(wrong)
    assert message in str(failure.value)


def mutating_derivative(z, alpha=0.01):
    z = np.asarray(z)
    z[z > 0] = 1.0
    z[z <= 0] = alpha
    return z


WRONG_DERIVATIVES = [
    (not_written, "leaky_relu_derivative is not written yet"),
    (lambda z, alpha=0.01: (np.asarray(z) > 0).astype(float),
     "the derivative is 0 for negative inputs: that is ReLU's derivative"),
    (lambda z, alpha=0.01: (z > 0).astype(float), "leaky_relu_derivative(-2.0) raised AttributeError"),
    (lambda z, alpha=0.01: z > 0, "that is ReLU's derivative"),
    (lambda z, alpha=0.01: np.where(z >= 0, 1.0, alpha), "at z = 0 exactly the result should be alpha"),
    (lambda z, alpha=0.01: np.where(z < 0, alpha, 1.0), "at z = 0 exactly the result should be alpha"),
    (lambda z, alpha=0.01: np.where(z > 0, alpha, 1.0), "1 and alpha are swapped"),
    (lambda z, alpha=0.01: np.where(z > 0, 1.0, alpha * z), "the constant alpha, not alpha * z"),
    (leaky_where, "this is leaky ReLU itself, not its derivative"),
    (lambda z, alpha=0.01: (z > 0) + alpha, "alpha is added everywhere"),
    (lambda z, alpha=0.01: np.where(z > 0, 1.0, 0.01), "leaky_relu_derivative with alpha=0.2 is wrong for an array "
                                                       "of shape (8,): alpha is ignored"),
    (lambda z, alpha=0.01: 1.0 if z > 0 else alpha, "works for a single number but not for an array of shape (8,)"),
    (mutating_derivative, "leaky_relu_derivative changed its input z in place"),
    (lambda z, alpha=0.01: np.full(3, alpha), "returned shape (3,) for an array of shape (8,), expected (8,)"),
    (lambda z: np.where(z > 0, 1.0, 0.01), "leaky_relu_derivative cannot be called as leaky_relu_derivative(z, alpha=0.2)"),
]


@pytest.mark.parametrize("wrong,message", WRONG_DERIVATIVES)
def test_wrong_derivatives_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_leaky_relu_derivative(wrong)
    assert message in str(failure.value)


def collapse_mutating(W1, b1, W2, b2):
    b2 += b1 @ W2
    return W1 @ W2, b2


WRONG_COLLAPSES = [
    (not_written, "collapse is not written yet"),
    (lambda W1, b1, W2, b2: (W2 @ W1, b1 @ W2 + b2), "the order is reversed: X meets W1 first and W2 second"),
    (lambda W1, b1, W2, b2: (W1 * W2, b1 @ W2 + b2), "W1 * W2 multiplies entry by entry"),
    (lambda W1, b1, W2, b2: (W1 + W2, b1 @ W2 + b2), "adding the weight matrices does not stack the layers"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2), "b1 + b2 forgets that b1 passes through the second layer's weights"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b2), "the first layer's bias is lost"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2), "the second layer's bias b2 is missing"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 - b2), "b2 is subtracted"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 @ W2 + b2), "b1 is multiplied by W2 twice"),
    (lambda W1, b1, W2, b2: (b1 @ W2 + b2, W1 @ W2), "the pair in the wrong order, (b, W)"),
    (lambda W1, b1, W2, b2: W1 @ W2, "collapse must return a pair (W, b), got ndarray"),
    (lambda W1, b1, W2, b2: (W1 @ W2,), "collapse must return a pair (W, b), got tuple of length 1"),
    (lambda W1, b1, W2, b2: None, "collapse returned None: did you forget `return W, b`?"),
    (lambda W1, b1, W2, b2: ((W1 @ W2).T, b1 @ W2 + b2), "W is transposed: it must be (n_inputs, n_outputs)"),
    (lambda W1, b1, W2, b2: ((W1 @ W2).T, b1 @ W2 + b2) if W1.shape != W2.shape else collapse_right(W1, b1, W2, b2),
     "collapse's W has shape (2, 4) for W1 (4, 5), b1 (1, 5), W2 (5, 2), b2 (1, 2), expected (4, 2): "
     "the single layer maps the 4 inputs straight to the 2 outputs: the axes are swapped"),
    (lambda W1, b1, W2, b2: (W1, b1 @ W2 + b2) if W1.shape != W2.shape else (W1 @ W2, b1 @ W2 + b2),
     "expected (4, 2): the single layer maps the 4 inputs straight to the 2 outputs: that is the shape of one "
     "layer's weights"),
    (lambda W1, b1, W2, b2: (W1 @ W2, (b1 @ W2 + b2).ravel()),
     "collapse's b has shape (3,) for W1 (3, 3), b1 (1, 3), W2 (3, 3), b2 (1, 3), expected (1, 3): keep it a bias row"),
    (lambda W1, b1, W2, b2: (W1 @ W2, (b1 @ W2 + b2).sum()), "collapse's b has shape () "),
    (collapse_mutating, "collapse changed its input b2 in place"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2) if W1.shape != W2.shape else collapse_right(W1, b1, W2, b2),
     "collapse(array of shape (4, 5), array of shape (1, 5), array of shape (5, 2), array of shape (1, 2)) raised "
     "ValueError"),
    (lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2) if W1.shape != W2.shape else collapse_right(W1, b1, W2, b2),
     "so W1 @ W2 and b1 @ W2 fit (W2 @ W1 and b1 + b2 in general do not)"),
    (lambda W1, b1, W2, b2: ([["x"]], b1 @ W2 + b2), "collapse returned list for W"),
]


@pytest.mark.parametrize("wrong,message", WRONG_COLLAPSES)
def test_wrong_collapses_fail_with_the_likely_cause(wrong, message):
    with pytest.raises(nh.CheckFailed) as failure:
        nh.check_collapse(wrong)
    assert message in str(failure.value)


def test_the_checks_are_exported():
    assert {"check_leaky_relu", "check_leaky_relu_derivative", "check_collapse"} <= set(nh.checks.__all__)
    assert math.isclose(nh.activation("leaky_relu").forward(-2.0), -0.02)
