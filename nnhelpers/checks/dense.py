"""Self-checks for lesson 02 (a dense layer): dense_forward, dense_backward, relu_backward.

Shapes, for a batch of `batch` examples:
    X, inputs        (batch, n_inputs)
    weights          (n_inputs, n_neurons)
    biases           (1, n_neurons)
    z, outputs       (batch, n_neurons)
    dvalues          (batch, n_neurons)   d loss / d outputs
    dweights         (n_inputs, n_neurons)
    dbiases          (1, n_neurons)
    dinputs          (batch, n_inputs)
"""
import numpy as np

from ..engine.activations import ReLU, Sigmoid
from .core import CheckFailed, as_result_array, call, check_not_mutated, compare, passed

_relu = ReLU().f
_sigmoid = Sigmoid().f


def _describe(**arrays):
    return ", ".join(f"{name} {array.shape}" for name, array in arrays.items())


def _call(fn, name, args, hint):
    """call() from core, with a hint about the shapes added when the student's code raised an error."""
    try:
        return call(fn, name, *args)
    except CheckFailed as failure:
        message = str(failure)
        if " raised " in message:
            raise CheckFailed(f"{message}. {hint}") from None
        raise


def _case(rng, batch, n_inputs, n_neurons):
    X = rng.normal(size=(batch, n_inputs))
    weights = rng.normal(size=(n_inputs, n_neurons))
    biases = rng.normal(size=(1, n_neurons))
    return X, weights, biases


def check_dense_forward(dense_forward):
    """dense_forward(X, weights, biases) -> X @ weights + biases.

    X (batch, n_inputs), weights (n_inputs, n_neurons), biases (1, n_neurons) -> (batch, n_neurons).
    Checked on a (5, 3) batch with 4 neurons and on a (2, 3) batch with 3 neurons (square weights,
    so a transposed weight matrix gives the right shape but wrong numbers); the inputs must not change.
    """
    rng = np.random.default_rng(20)
    for batch, n_inputs, n_neurons in ((5, 3, 4), (2, 3, 3)):
        X, weights, biases = _case(rng, batch, n_inputs, n_neurons)
        shapes = _describe(X=X, weights=weights, biases=biases)
        what = f"X {X.shape}, weights {weights.shape}, biases {biases.shape}"
        hint = (f"The shapes were {shapes}; the output must be {(batch, n_neurons)}: "
                "X @ weights + biases, with X first, since (batch, n_inputs) @ (n_inputs, n_neurons) -> (batch, n_neurons)")
        before = [a.copy() for a in (X, weights, biases)]
        got = _call(dense_forward, "dense_forward", (X, weights, biases), hint)
        for original, array, argument in zip(before, (X, weights, biases), ("X", "weights", "biases")):
            check_not_mutated("dense_forward", original, array, argument)
        z = X @ weights + biases
        mistakes = [
            (X @ weights, "the biases are missing: z = X @ weights + biases"),
            (X @ weights - biases, "the biases are subtracted; they should be added: z = X @ weights + biases"),
            (_relu(z), "this applies ReLU; dense_forward returns the layer's raw outputs X @ weights + biases "
                       "(ReLU is a separate step that comes after)"),
            (_sigmoid(z), "this applies the sigmoid; dense_forward returns the raw outputs X @ weights + biases"),
            (X @ weights * biases, "the biases are multiplied; they should be added: z = X @ weights + biases"),
        ]
        if n_inputs == n_neurons:   # only square weights let X @ weights.T run
            mistakes.append((X @ weights.T + biases, "the weights are transposed: weights already has shape "
                                                     "(n_inputs, n_neurons), so use X @ weights without .T"))
        compare("dense_forward", got, z, what, mistakes)
    passed("dense_forward")


def _check_dbiases_shape(got, batch, n_neurons, what):
    """Specific feedback for the ways np.sum can give dbiases the wrong shape."""
    shape = np.shape(got)
    expected = (1, n_neurons)
    if shape == expected:
        return
    start = f"dense_backward returned dbiases of shape {shape} for {what}, expected {expected}, the shape of biases"
    if shape == (n_neurons,):
        raise CheckFailed(f"{start}: the sum over the batch dropped the axis; "
                          "use np.sum(dvalues, axis=0, keepdims=True) to keep it")
    if shape in ((batch, 1), (batch,)):
        raise CheckFailed(f"{start}: this sums over the neurons (axis=1); sum over the batch instead, "
                          "np.sum(dvalues, axis=0, keepdims=True)")
    if shape == ():
        raise CheckFailed(f"{start}: this sums over everything and gives one number; each neuron needs its own "
                          "bias gradient, so sum over the batch only: np.sum(dvalues, axis=0, keepdims=True)")
    if shape == (batch, n_neurons):
        raise CheckFailed(f"{start}: this is one value per example; every example uses the same biases, so add up "
                          "the examples' contributions: np.sum(dvalues, axis=0, keepdims=True)")
    raise CheckFailed(f"{start}: np.sum(dvalues, axis=0, keepdims=True)")


def check_dense_backward(dense_backward):
    """dense_backward(dvalues, X, weights) -> (dweights, dbiases, dinputs).

    dvalues (batch, n_neurons), X (batch, n_inputs), weights (n_inputs, n_neurons);
    dweights = X.T @ dvalues (n_inputs, n_neurons), dbiases = sum of dvalues over the batch (1, n_neurons),
    dinputs = dvalues @ weights.T (batch, n_inputs). Checked on a batch of 5 examples with 3 inputs and
    4 neurons (all sizes different, so a missing transpose shows in the shapes) and on a batch of 2 with
    6 inputs and 1 neuron; the inputs must not change.
    """
    rng = np.random.default_rng(21)
    for batch, n_inputs, n_neurons in ((5, 3, 4), (2, 6, 1)):
        X, weights, _ = _case(rng, batch, n_inputs, n_neurons)
        dvalues = rng.normal(size=(batch, n_neurons))
        what = f"dvalues {dvalues.shape}, X {X.shape}, weights {weights.shape}"
        hint = (f"The shapes were {_describe(dvalues=dvalues, X=X, weights=weights)}. Each gradient has the shape "
                f"of what it belongs to: dweights {weights.shape} like weights, dbiases {(1, n_neurons)} like biases, "
                f"dinputs {X.shape} like X. A matmul error usually means a missing or misplaced transpose: "
                "dweights = X.T @ dvalues, dinputs = dvalues @ weights.T")
        before = [a.copy() for a in (dvalues, X, weights)]
        result = _call(dense_backward, "dense_backward", (dvalues, X, weights), hint)
        for original, array, argument in zip(before, (dvalues, X, weights), ("dvalues", "X", "weights")):
            check_not_mutated("dense_backward", original, array, argument)
        if result is None:
            raise CheckFailed("dense_backward returned None: did you forget `return dweights, dbiases, dinputs`?")
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise CheckFailed("dense_backward must return three arrays (dweights, dbiases, dinputs), got "
                              + type(result).__name__ + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""))
        dweights, dbiases, dinputs = result
        expected_w = X.T @ dvalues
        expected_b = dvalues.sum(axis=0, keepdims=True)
        expected_x = dvalues @ weights.T
        got_shapes = [np.shape(r) for r in result]
        wanted = [expected_w.shape, expected_b.shape, expected_x.shape]
        if got_shapes != wanted and sorted(got_shapes) == sorted(wanted):
            raise CheckFailed(f"dense_backward returned arrays of shapes {got_shapes}, expected {wanted}: "
                              "return them in the order (dweights, dbiases, dinputs)")
        mean = f"averages over the batch: it is {batch} times too small, {batch} being the batch size"
        compare("dense_backward (dweights)", dweights, expected_w, what, [
            (expected_w / batch, f"dweights {mean}. Sum over the examples instead, X.T @ dvalues: if the loss is a "
                                 "mean, its 1/batch is already inside dvalues"),
        ])
        _check_dbiases_shape(dbiases, batch, n_neurons, what)
        compare("dense_backward (dbiases)", dbiases, expected_b, what, [
            (expected_b / batch, f"dbiases {mean}. Use np.sum(dvalues, axis=0, keepdims=True), not np.mean: "
                                 "if the loss is a mean, its 1/batch is already inside dvalues"),
            (np.ones_like(expected_b) * batch, "dbiases counts the examples instead of adding up dvalues: "
                                               "np.sum(dvalues, axis=0, keepdims=True)"),
        ])
        compare("dense_backward (dinputs)", dinputs, expected_x, what, [
            (expected_x / batch, f"dinputs is {batch} times too small, {batch} being the batch size: each example's "
                                 "input gradient is its own row of dvalues @ weights.T; nothing is averaged"),
            (dvalues @ np.abs(weights).T, "dinputs uses the size of the weights but not their signs: dvalues @ weights.T"),
        ])
    passed("dense_backward")


def check_relu_backward(relu_backward):
    """relu_backward(dvalues, z) -> dvalues * relu'(z), where relu'(z) = 1 if z > 0 else 0 (0 at z = 0).

    dvalues and z have the same shape (batch, n_neurons); so has the result. Checked on arrays whose z
    contains negative numbers, positive numbers and exact zeros; the inputs must not change.
    """
    rng = np.random.default_rng(22)
    cases = []
    for shape in ((4, 5), (3, 2)):
        z = rng.normal(size=shape)
        z.flat[::3] = 0.0                       # exact zeros: the kink
        z.flat[1] = -abs(z.flat[1])             # at least one negative and one positive value
        z.flat[2] = abs(z.flat[2])
        dvalues = rng.normal(size=shape)
        cases.append((dvalues, z))
    for dvalues, z in cases:
        what = f"dvalues and z of shape {z.shape} (z has negative, positive and zero entries)"
        hint = f"dvalues and z both had shape {z.shape}; the result must have that shape too: dvalues * (z > 0)"
        before = [dvalues.copy(), z.copy()]
        got = _call(relu_backward, "relu_backward", (dvalues, z), hint)
        try:
            check_not_mutated("relu_backward", before[0], dvalues, "dvalues")
            check_not_mutated("relu_backward", before[1], z, "z")
        except CheckFailed as failure:
            raise CheckFailed(f"{failure}. Here: write dvalues * (z > 0), or start from a copy, "
                              "dz = dvalues.copy(), and then set dz[z <= 0] = 0") from None
        expected = dvalues * (z > 0)
        inverted = ("the mask is the wrong way round: the gradient must pass where z > 0 (ReLU's slope is 1 there) "
                    "and be 0 where z <= 0 (slope 0)")
        mistakes = [
            (dvalues * (z >= 0), "the gradient passes at z = 0: ReLU's derivative at exactly 0 is taken to be 0, "
                                 "so the mask is z > 0, not z >= 0"),
            (dvalues * (z < 0), inverted),
            (dvalues * (z <= 0), inverted),
            (dvalues, "the gradient passes everywhere; it must be 0 where z <= 0 (note that relu(z) >= 0 is "
                      "always true, so it cannot serve as the mask)"),
            ((z > 0).astype(float), "this is ReLU's derivative alone; the chain rule multiplies it by dvalues: "
                                    "dvalues * (z > 0)"),
            ((z >= 0).astype(float), "this is (nearly) ReLU's derivative alone; the chain rule multiplies it by "
                                     "dvalues: dvalues * (z > 0)"),
            (dvalues * _relu(z), "this multiplies dvalues by ReLU(z) itself; multiply by ReLU's derivative, "
                                 "which is 1 where z > 0 and 0 elsewhere"),
            (_relu(dvalues), "the mask must come from z, the input of ReLU, not from the sign of dvalues: "
                             "dvalues * (z > 0)"),
            (_relu(z), "this is ReLU(z), the forward pass; the backward pass returns dvalues * (z > 0)"),
        ]
        compare("relu_backward", got, expected, what, mistakes)
    passed("relu_backward")


# ----- numerical_gradient -----------------------------------------------------------------------------
# The test function: f(x) = sum(c * x**3) + sum(x)**2, chosen because every mistake leaves its own
# fingerprint on it. Its gradient is 3 c x^2 + 2 sum(x); the central difference with step h is exactly
# that plus c h^2 (the cubic's third derivative; the square is exact), and the forward difference adds
# about (3 c x + 1) h. The sum(x)**2 term couples the entries, so nudging several entries at once shows.

GOOD_H = (1e-7, 1e-4)   # central differences in float64 are accurate to the check's tolerance here
RTOL, ATOL = 1e-7, 1e-7


def finite_difference_case(rng, shape):
    """(c, x) for the test function: c of mixed signs and sizes about 1 to 3, x of both signs."""
    c = rng.uniform(1.0, 3.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    x = rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    return c, x


def finite_difference_f(c, x):
    """f() for the check: reads the array x each time it is called, as a loss reads the weights."""
    return lambda: float(np.sum(c * x ** 3) + np.sum(x) ** 2)


def finite_difference_gradient(c, x, h=0.0):
    """The exact gradient (h = 0), or the exact result of central differences with step h."""
    return 3 * c * x ** 2 + c * h ** 2 + 2 * np.sum(x)


def _fitted_step(residual, pattern):
    """(h, how well h * pattern explains residual: 0 perfect, 1 not at all)."""
    h = float(np.sum(residual * pattern) / np.sum(pattern * pattern))
    return h, float(np.linalg.norm(residual - h * pattern) / np.linalg.norm(residual))


def _diagnose_step(got, c, x, what):
    """Name the likely cause when the student's gradient is close but not close enough."""
    exact = finite_difference_gradient(c, x)
    residual = got - exact
    if not np.any(residual):
        return
    error = float(np.linalg.norm(residual) / (np.linalg.norm(got) + np.linalg.norm(exact)))
    h, misfit = _fitted_step(residual, 3 * c * x + 1)
    if misfit < 0.05 and h != 0:
        side = "(f(x + h) - f(x)) / h" if h > 0 else "(f(x) - f(x - h)) / h"
        raise CheckFailed(
            f"numerical_gradient is off by about {error:.0e} (relative error) for {what}, in the pattern of a "
            f"one-sided difference {side} with h = {abs(h):.0e}: its error shrinks only like h. Nudge the entry "
            "both ways, up and down, and divide the difference by the distance between the two points (the "
            "central difference, whose error shrinks like h squared)")
    h2, misfit = _fitted_step(residual, c)
    if misfit < 0.05 and h2 > 0:
        raise CheckFailed(
            f"numerical_gradient is off by about {error:.0e} (relative error) for {what}, exactly as a central "
            f"difference with h = {np.sqrt(h2):.0e} is: h is too large. The error of a central difference grows "
            f"like h squared; in float64 an h between {GOOD_H[0]:.0e} and {GOOD_H[1]:.0e} (1e-5 is usual) keeps it "
            "below 1e-7")
    if error < 0.1:
        raise CheckFailed(
            f"numerical_gradient is off by about {error:.0e} (relative error) for {what}, with no pattern: "
            "that is rounding noise, so h is probably too small. When h is tiny, f(x + h) and f(x - h) agree in "
            "almost all their digits, and their difference is mostly rounding error, which grows like 1/h. "
            f"In float64 an h between {GOOD_H[0]:.0e} and {GOOD_H[1]:.0e} (1e-5 is usual) works")


def check_numerical_gradient(numerical_gradient):
    """numerical_gradient(f, x, h=1e-5) -> an array shaped like x, the central-difference gradient of f.

    f: a function of no arguments that reads x; x: a float64 array, nudged one entry at a time in place and
    put back. Checked on f = sum(c x^3) + sum(x)^2 with x of shape (2, 3), with the student's default h
    (must be accurate to 1e-7: an h between 1e-7 and 1e-4) and with h = 1e-3 given (must be the central
    difference with that h); x must hold its old values afterwards.
    """
    rng = np.random.default_rng(23)
    c, x = finite_difference_case(rng, (2, 3))
    what = "f = sum(c * x**3) + sum(x)**2 with x of shape (2, 3)"
    original = x.copy()
    f = finite_difference_f(c, x)
    got = call(numerical_gradient, "numerical_gradient", f, x,
               shown="numerical_gradient(f, x) with x of shape (2, 3)",
               hint="f takes no arguments: call it as f(), after changing an entry of x itself")
    if not np.allclose(x, original, rtol=0, atol=1e-12):
        moved = np.argwhere(~np.isclose(x, original, rtol=0, atol=1e-12))
        where = ", ".join(str(tuple(int(i) for i in index)) for index in moved[:3])
        raise CheckFailed(
            f"numerical_gradient left x changed: entries {where} differ from before by up to "
            f"{np.max(np.abs(x - original)):.0e}. Each nudged entry must get its old value back before the next one "
            "is nudged; otherwise every later entry, and every later use of x, sees a changed array")
    got_array = as_result_array(got, "numerical_gradient", what)
    if got_array.shape == x.shape and not np.any(got_array):
        raise CheckFailed(
            "numerical_gradient returned all zeros: f() did not see the nudges. f reads the array x itself, so "
            "change the entries of x (not of a copy), call f(), and put the entry back")
    exact = finite_difference_gradient(c, x)
    every = np.full(x.shape, np.sum(exact))
    rows = np.repeat(exact.sum(axis=1, keepdims=True), x.shape[1], axis=1)
    mistakes = [
        (every, "every entry came out the same, the change of f when ALL entries move by h together; nudge "
                "one entry at a time and leave the others as they are"),
        (rows, "each row came out the same: x[i] with one index picks a whole row of a 2-D array, so a loop over "
               "range(len(x)) nudges rows, not entries. Loop over every entry, whatever the shape (np.ndindex "
               "gives all the indices of an array)"),
    ]
    if got_array.shape == x.shape and np.isfinite(got_array).all() and not np.allclose(
            got_array, exact, rtol=RTOL, atol=ATOL):
        for wrong, explanation in mistakes:
            if np.allclose(got_array, wrong, rtol=1e-4, atol=1e-6):
                raise CheckFailed(f"numerical_gradient is wrong for {what}: {explanation}")
        if np.linalg.norm(got_array - exact) < 0.5 * np.linalg.norm(exact):
            _diagnose_step(got_array, c, x, what)
    compare("numerical_gradient", got_array, exact, what, rtol=RTOL, atol=ATOL)
    c, x = finite_difference_case(rng, (4,))
    what = "f = sum(c * x**3) + sum(x)**2 with x of shape (4,) and h = 1e-3 given"
    got = call(numerical_gradient, "numerical_gradient", finite_difference_f(c, x), x, 1e-3,
               shown="numerical_gradient(f, x, 1e-3) with x of shape (4,)")
    got = as_result_array(got, "numerical_gradient", what)
    # plain arithmetic, not np.allclose: a right answer must not be failed by a patched numpy
    if got.shape == x.shape and float(np.max(np.abs(got - finite_difference_gradient(c, x)))) < 1e-9:
        raise CheckFailed(f"numerical_gradient ignores its argument h: with h = 1e-3 given, {what.split(' with')[0]} "
                          "should come out as a central difference with that h (about 1e-6 off the exact gradient), "
                          "but it came out as with a much smaller h. Use the h that is passed in")
    compare("numerical_gradient", got, finite_difference_gradient(c, x, 1e-3), what, rtol=1e-9, atol=1e-9)
    passed("numerical_gradient")
