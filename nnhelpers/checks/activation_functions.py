"""Self-checks for lesson 07 (activation functions): leaky_relu, leaky_relu_derivative, collapse.

    leaky_relu(z, alpha=0.01)              z if z > 0, else alpha * z (elementwise)
    leaky_relu_derivative(z, alpha=0.01)   1 if z > 0, else alpha; alpha at z = 0 exactly, as
                                           nh.activation("leaky_relu").derivative(0.0) returns
    collapse(W1, b1, W2, b2) -> (W, b)     the single linear layer equal to two stacked linear ones:
                                           X @ W + b == (X @ W1 + b1) @ W2 + b2 for every X
"""
import inspect
import warnings

import numpy as np

from ..engine.activations import LeakyReLU
from .core import CheckFailed, as_result_array, call, check_not_mutated, compare, passed

def compare_elementwise(fn, name, reference, samples, mistakes):
    """Check an elementwise function on a number, a 1-D and a 2-D array, and that it leaves its input alone.

    The arrays are compared first: across many values a known mistake is recognised unambiguously.
    """
    z0 = samples[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # overflow in a naive formula is not what we grade here
        scalar_result = call(fn, name, z0)
        for z in (np.array(samples), np.array(samples).reshape(2, -1)):
            before = z.copy()
            try:
                result = fn(z)
            except Exception as error:
                raise CheckFailed(f"{name} works for a single number but not for an array of shape {z.shape} "
                                  f"({type(error).__name__}: {error}). Use NumPy functions (np.exp, np.maximum), "
                                  "which work elementwise, not math.exp or max.") from None
            check_not_mutated(name, before, z, "z")
            compare(name, result, reference(before), f"an array of shape {z.shape}", mistakes(before))
    compare(name, scalar_result, reference(np.float64(z0)), f"the number {z0}", mistakes(np.float64(z0)))


# Non-zero numbers of both signs, and 0 itself: the kink, where the derivative needs a convention.
SAMPLES = [-2.0, -0.5, 0.0, 1.5, 3.0, -4.0, 0.25, -1.0]


def _leaky(z, alpha):
    return LeakyReLU(alpha).f(np.asarray(z, dtype=np.float64))


def _leaky_derivative(z, alpha):
    return LeakyReLU(alpha).df(np.asarray(z, dtype=np.float64))


def _with_alpha(fn, alpha):
    """fn with alpha passed by keyword, as a one-argument function for compare_elementwise."""
    return lambda z: fn(z, alpha=alpha)


def _needs_alpha(fn, name):
    """Fail clearly unless fn can be called as fn(z) and fn(z, alpha=...), with alpha defaulting to 0.01."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):   # e.g. a built-in: nothing to inspect, the checks below still run
        return
    for args, kwargs, how in (((1.0,), {}, f"{name}(z)"), ((1.0,), {"alpha": 0.2}, f"{name}(z, alpha=0.2)")):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as error:
            raise CheckFailed(f"{name} cannot be called as {how} ({error}). Keep the given first line "
                              f"`def {name}(z, alpha=0.01):`") from None
    alpha = signature.parameters.get("alpha")
    if alpha is not None and alpha.default is not inspect.Parameter.empty and alpha.default != 0.01:
        raise CheckFailed(f"{name}'s alpha defaults to {alpha.default!r}; the usual default, and the one this "
                          f"lesson uses, is 0.01. Keep the given first line `def {name}(z, alpha=0.01):`")


def check_leaky_relu(leaky_relu):
    """leaky_relu(z, alpha=0.01): z where z > 0 and alpha * z elsewhere, for a number and for arrays of
    any shape, with alpha's default 0.01 and with alpha given; the input is not changed."""
    if not callable(leaky_relu):
        call(leaky_relu, "leaky_relu")
    _needs_alpha(leaky_relu, "leaky_relu")
    for alpha in (0.01, 0.2):
        fn, name = (leaky_relu, "leaky_relu") if alpha == 0.01 else (_with_alpha(leaky_relu, alpha),
                                                                    f"leaky_relu with alpha={alpha}")

        def mistakes(z, alpha=alpha):
            wrong = [
                (np.where(z > 0, alpha * z, z), "alpha is applied to the positive inputs; it belongs to the "
                                                "negative ones: z if z > 0, else alpha * z (np.minimum(alpha * z, z) "
                                                "also gives this; leaky ReLU is the larger of the two, np.maximum)"),
                (np.maximum(z, 0.0), "negative inputs become 0: that is plain ReLU; leaky ReLU keeps a small "
                                     "slope there, alpha * z"),
                (z, "negative inputs must be multiplied by alpha; the output equals the input"),
                (alpha * z, "every input is multiplied by alpha; only the negative ones should be"),
                (np.where(z > 0, z, -alpha * z), "the negative side has the wrong sign: it is alpha * z, which is "
                                                 "negative for negative z"),
                (np.where(z > 0, z, alpha), "negative inputs become the constant alpha; they should become alpha * z"),
                (_leaky_derivative(z, alpha), "this is the derivative (1 or alpha), not leaky ReLU itself"),
            ]
            if alpha != 0.01:
                wrong.insert(0, (_leaky(z, 0.01), f"alpha is ignored: the result is the one for alpha = 0.01, "
                                                  f"but alpha={alpha} was passed. Use the argument alpha, "
                                                  "not the number 0.01"))
            return wrong

        compare_elementwise(fn, name, lambda z, alpha=alpha: _leaky(z, alpha), SAMPLES, mistakes)
    passed("leaky_relu")


def check_leaky_relu_derivative(leaky_relu_derivative):
    """leaky_relu_derivative(z, alpha=0.01): 1 where z > 0 and alpha elsewhere (alpha at z = 0 too, as in
    nnhelpers), for a number and for arrays of any shape; the input is not changed."""
    if not callable(leaky_relu_derivative):
        call(leaky_relu_derivative, "leaky_relu_derivative")
    _needs_alpha(leaky_relu_derivative, "leaky_relu_derivative")
    for alpha in (0.01, 0.2):
        fn, name = ((leaky_relu_derivative, "leaky_relu_derivative") if alpha == 0.01 else
                    (_with_alpha(leaky_relu_derivative, alpha), f"leaky_relu_derivative with alpha={alpha}"))

        def mistakes(z, alpha=alpha):
            wrong = [
                ((z > 0).astype(float), "the derivative is 0 for negative inputs: that is ReLU's derivative; "
                                        "leaky ReLU's slope there is alpha"),
                (np.where(z >= 0, 1.0, alpha), "at z = 0 exactly the result should be alpha, the convention of "
                                               "nh.activation('leaky_relu').derivative(0.0): test z > 0, not z >= 0 "
                                               "(or z < 0 for alpha)"),
                (np.where(z > 0, alpha, 1.0), "1 and alpha are swapped: the slope is 1 for positive z and alpha "
                                              "for negative z"),
                (np.where(z > 0, 1.0, alpha * z), "for negative z the slope is the constant alpha, not alpha * z"),
                (_leaky(z, alpha), "this is leaky ReLU itself, not its derivative"),
                ((z > 0) + alpha, "alpha is added everywhere; it should replace the slope for negative z, "
                                  "not add to it"),
            ]
            if alpha != 0.01:
                wrong.insert(0, (_leaky_derivative(z, 0.01), f"alpha is ignored: the result is the one for "
                                                             f"alpha = 0.01, but alpha={alpha} was passed. Use "
                                                             "the argument alpha, not the number 0.01"))
            return wrong

        compare_elementwise(fn, name, lambda z, alpha=alpha: _leaky_derivative(z, alpha), SAMPLES, mistakes)
    passed("leaky_relu_derivative")


def _possible(mistakes):
    """(wrong value, explanation) for each (thunk, explanation) whose wrong value can be computed for these shapes."""
    possible = []
    for thunk, explanation in mistakes:
        try:
            possible.append((thunk(), explanation))
        except ValueError:   # e.g. W2 @ W1 when the shapes do not fit: then it cannot be the student's answer
            pass
    return possible


def _case(rng, n_inputs, n_hidden, n_outputs):
    return (rng.normal(size=(n_inputs, n_hidden)), rng.normal(size=(1, n_hidden)),
            rng.normal(size=(n_hidden, n_outputs)), rng.normal(size=(1, n_outputs)))


def check_collapse(collapse):
    """collapse(W1, b1, W2, b2) -> (W, b), the one linear layer that equals two: for every X,
    X @ W + b == (X @ W1 + b1) @ W2 + b2, so W = W1 @ W2 (n_inputs, n_outputs) and b = b1 @ W2 + b2
    (1, n_outputs). Checked on square matrices (a wrong order still has the right shape there, so it is
    recognised by its numbers) and on a 4 -> 5 -> 2 pair (shapes); the inputs must not change."""
    rng = np.random.default_rng(70)
    for n_inputs, n_hidden, n_outputs in ((3, 3, 3), (4, 5, 2)):
        W1, b1, W2, b2 = arrays = _case(rng, n_inputs, n_hidden, n_outputs)
        what = f"W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, b2 {b2.shape}"
        before = [a.copy() for a in arrays]
        try:
            result = call(collapse, "collapse", *arrays)
        except CheckFailed as failure:
            message = str(failure)
            if " raised " in message:
                message += (f". The shapes were {what}: the first layer maps {n_inputs} inputs to {n_hidden} "
                            f"values, the second maps those to {n_outputs} outputs, so W1 @ W2 and b1 @ W2 fit "
                            "(W2 @ W1 and b1 + b2 in general do not)")
            raise CheckFailed(message) from None
        for original, array, argument in zip(before, arrays, ("W1", "b1", "W2", "b2")):
            check_not_mutated("collapse", original, array, argument)
        if result is None:
            raise CheckFailed("collapse returned None: did you forget `return W, b`?")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise CheckFailed(f"collapse must return a pair (W, b), got {type(result).__name__}"
                              + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""))
        W = as_result_array(result[0], "collapse", f"W ({what})")
        b = as_result_array(result[1], "collapse", f"b ({what})")
        right_W, right_b = W1 @ W2, b1 @ W2 + b2
        if (W.shape, b.shape) == (right_b.shape, right_W.shape) and n_inputs != 1:
            raise CheckFailed("collapse returned the pair in the wrong order, (b, W): return W, b")
        if W.shape != right_W.shape:
            hint = ""
            if W.shape == right_W.shape[::-1]:
                hint = ": the axes are swapped, did you transpose (or multiply in the order W2 ... W1)?"
            elif W.shape in (W1.shape, W2.shape):
                hint = ": that is the shape of one layer's weights; the single layer needs both, W1 @ W2"
            raise CheckFailed(f"collapse's W has shape {W.shape} for {what}, expected {right_W.shape}: the single "
                              f"layer maps the {n_inputs} inputs straight to the {n_outputs} outputs{hint}")
        compare("collapse's W", W, right_W, what, _possible([
            (lambda: W2 @ W1, "the order is reversed: X meets W1 first and W2 second, so X @ W1 @ W2 and W = W1 @ W2"),
            (lambda: W1 * W2, "W1 * W2 multiplies entry by entry; stacked layers compose by the matrix product W1 @ W2"),
            (lambda: (W1 @ W2).T, "W is transposed: it must be (n_inputs, n_outputs), which W1 @ W2 already is"),
            (lambda: W1 + W2, "adding the weight matrices does not stack the layers; multiply them: W1 @ W2"),
        ]))
        if b.shape == (n_outputs,) and np.allclose(b, right_b.ravel()):
            raise CheckFailed(f"collapse's b has shape {b.shape} for {what}, expected {right_b.shape}: keep it a bias "
                              "row like b1 and b2 (b1 @ W2 + b2 already has that shape; do not flatten it)")
        if b.shape != right_b.shape:
            raise CheckFailed(f"collapse's b has shape {b.shape} for {what}, expected {right_b.shape}: one bias per "
                              "output, in a row, like b2")
        compare("collapse's b", b, right_b, what, _possible([
            (lambda: b1 + b2, "b1 + b2 forgets that b1 passes through the second layer's weights too: it arrives as b1 @ W2"),
            (lambda: b2, "the first layer's bias is lost: it reaches the output as b1 @ W2, so b = b1 @ W2 + b2"),
            (lambda: b1 @ W2, "the second layer's bias b2 is missing: b = b1 @ W2 + b2"),
            (lambda: b1 @ W2 - b2, "b2 is subtracted; it is added: b = b1 @ W2 + b2"),
            (lambda: b1 @ W2 @ W2 + b2, "b1 is multiplied by W2 twice"),
        ]))
        X = rng.normal(size=(6, n_inputs))
        compare("X @ W + b with collapse's (W, b)", X @ W + b, (X @ W1 + b1) @ W2 + b2,
                f"a batch of 6 and {what}")
    passed("collapse")
