"""Tools for finding bugs in training code (lesson 08). Each one answers a single question.

    errors = gradient_check(loss_fn, params, grads)      # does backward compute the derivative of the loss?
    gradient_check_table(errors)                          # ... one row per parameter, with a verdict
    sanity_checks(loss_fn, outputs, Y)                    # is the loss about right at the start, does it use Y?
    losses = overfit_one_batch(net, X, Y, epochs, lr)     # can the whole training loop fit a tiny batch?
    parameter_change_table(before, after)                 # which parameters did a training step move?
    assert_data_shapes(X, Y, n_features=30, n_outputs=3)  # one row per example in X and in Y?

The functions whose name ends in _table (and sanity_checks, overfit_one_batch) print their findings.
gradient_check works for any parameters held in a dict; for an nh.MLP use nh.check_network_gradients,
whose result gradient_check_table prints the same way.
"""

import numbers

import numpy as np

from ..engine.losses import loss as get_loss
from ..engine.network import TrainingDiverged
from ..engine.validation import as_float_array, check_positive_int, check_positive_number
from ..i18n import _
from .gradcheck import numerical_gradient, relative_error

OK_BELOW = 1e-6  # a relative error below this: the gradients agree (float64, central differences)
WRONG_ABOVE = 1e-3  # above this: a bug, not rounding or a ReLU kink


def _check_dict(value, name, what):
    if not isinstance(value, dict) or not value:
        raise TypeError(
            _("{name} must be a non-empty dict {{name: {what}}}, got {kind} {value!r:.60}").format(
                name=name, what=what, kind=type(value).__name__, value=value
            )
        )


def _check_same_names(first, second, first_name, second_name):
    """ValueError naming the first entry that one dict has and the other lacks, or whose shape differs."""
    for key in first:
        if key not in second:
            raise ValueError(
                _(
                    "{second} has no entry for {first}[{key!r}]: every entry needs its partner "
                    "(got {second} for {keys})"
                ).format(second=second_name, first=first_name, key=key, keys=list(second))
            )
    for key in second:
        if key not in first:
            raise ValueError(
                _("{second}[{key!r}] has no partner in {first} (which has {keys})").format(
                    second=second_name, key=key, first=first_name, keys=list(first)
                )
            )
    for key in first:
        if np.shape(second[key]) != np.shape(first[key]):
            raise ValueError(
                _(
                    "{second}[{key!r}] has shape {shape}, expected {expected}, the shape of "
                    "{first}[{key!r}]"
                ).format(
                    second=second_name,
                    key=key,
                    shape=np.shape(second[key]),
                    expected=np.shape(first[key]),
                    first=first_name,
                )
            )


def _finite_loss(loss_fn, name):
    """Call loss_fn() once and return its value as a float, or say clearly why it is not one."""
    try:
        value = float(np.asarray(loss_fn(), dtype=np.float64))
    except (TypeError, ValueError) as error:
        raise TypeError(
            _("{name}() must return one number (the loss), but: {error}").format(
                name=name, error=error
            )
        ) from None
    if not np.isfinite(value):
        raise ValueError(
            _("{name}() returned {value}; the gradient check needs a finite loss").format(
                name=name, value=value
            )
        )
    return value


def gradient_check(loss_fn, params, grads, h=1e-5):
    """Compare analytic gradients with central differences, one parameter array at a time.

    loss_fn: a function of no arguments that computes the loss from the current values in `params`
             (e.g. lambda: net.loss(net.forward(X), Y)).
    params:  {name: float64 array}; each entry is nudged by +h and -h in place and put back.
    grads:   {name: array}, the gradients your backward pass computed, same names and shapes as params.
    Returns {name: relative error}, in the order of params; print it with gradient_check_table.
    """
    if not callable(loss_fn):
        raise TypeError(
            _(
                "loss_fn must be a function of no arguments that returns the loss, got {kind}"
            ).format(kind=type(loss_fn).__name__)
        )
    _check_dict(params, "params", _("float64 array"))
    _check_dict(grads, "grads", _("gradient array"))
    for key, value in params.items():
        if (
            not isinstance(value, np.ndarray)
            or value.dtype != np.float64
            or not value.flags.c_contiguous
        ):
            if isinstance(value, np.ndarray):
                got = _("{kind} of dtype {dtype}").format(
                    kind=type(value).__name__, dtype=value.dtype
                )
            else:
                got = type(value).__name__
            raise TypeError(
                _(
                    "params[{key!r}] must be a contiguous float64 numpy array (the check nudges it in "
                    "place, and loss_fn must see the change), got {got}"
                ).format(key=key, got=got)
            )
    _check_same_names(params, grads, "params", "grads")
    analytic = {key: as_float_array(grads[key], f"grads[{key!r}]") for key in params}
    h = check_positive_number(h, "h")
    _finite_loss(loss_fn, "loss_fn")
    return {
        key: relative_error(analytic[key], numerical_gradient(loss_fn, params[key], h))
        for key in params
    }


def _format_error(error, floor):
    if error < floor:
        return f"< {floor:.0e}"
    if error < WRONG_ABOVE:
        return f"{error:.1e}"
    return f"{error:.3f}"


def gradient_check_table(errors, tol=OK_BELOW, floor=1e-8):
    """Print one row per parameter: its relative error and a verdict.

    errors: {name: relative error}, from gradient_check or nh.check_network_gradients.
    tol: errors below it are "ok". Errors below `floor` print as "< floor", so that a notebook's output
    does not depend on rounding noise (a correct float64 gradient is typically 1e-11 to 1e-9).
    Verdicts: ok (below tol); "suspicious" (below 1e-3: a ReLU kink within h of a data point, or a
    small bug); WRONG (a bug). An error of exactly 1 means opposite signs or one gradient that is all 0.
    """
    _check_dict(errors, "errors", _("relative error"))
    tol = check_positive_number(tol, "tol")
    floor = check_positive_number(floor, "floor")
    values = {}
    for key, error in errors.items():
        if isinstance(error, bool) or not isinstance(error, numbers.Real) or not error >= 0:
            raise TypeError(
                _("errors[{key!r}] must be a relative error (a number >= 0), got {error!r}").format(
                    key=key, error=error
                )
            )
        values[str(key)] = float(error)
    parameter, relative = _("parameter"), _("relative error")
    width = max(len(parameter), *(len(key) for key in values))
    column = max(14, len(relative))
    print(f"{parameter:<{width}}  {relative:<{column}}  " + _("verdict"))
    wrong = []
    for key, error in values.items():
        if error < tol:
            verdict = "ok"
        elif error < WRONG_ABOVE:
            verdict = _("suspicious: a ReLU kink near the data, or a small bug")
            wrong.append(key)
        else:
            verdict = "WRONG"
            if abs(error - 1.0) < 1e-6:
                verdict += _(" (1 = opposite signs, or one of the two is all 0)")
            wrong.append(key)
        print(f"{key:<{width}}  {_format_error(error, floor):<{column}}  {verdict}")
    if wrong:
        print(
            _("-> backward disagrees with the loss for: {names} (ok means below {tol:.0e})").format(
                names=", ".join(wrong), tol=tol
            )
        )
    else:
        print(
            _("-> all {n} gradients agree with finite differences (below {tol:.0e})").format(
                n=len(values), tol=tol
            )
        )


def _other_targets(Y):
    """Targets that differ from Y: its rows rolled by one (another example's targets), or Y + 1."""
    other = np.roll(Y, 1, axis=0)
    return other if not np.array_equal(other, Y) else Y + 1.0


def _call_loss(loss_fn, outputs, Y):
    try:
        value = float(np.asarray(loss_fn(outputs.copy(), Y.copy()), dtype=np.float64))
    except (TypeError, ValueError) as error:
        raise TypeError(
            _("loss_fn(outputs, Y) must return one number (the loss), but: {error}").format(
                error=error
            )
        ) from None
    return value


def sanity_results(loss_fn, outputs, Y, reference="mse", rtol=0.5):
    """The rows that sanity_checks prints: a list of (check, got, expected text, passed, cause if failed)."""
    if not callable(loss_fn):
        raise TypeError(
            _("loss_fn must be a function loss_fn(outputs, Y) -> number, got {kind}").format(
                kind=type(loss_fn).__name__
            )
        )
    outputs = as_float_array(outputs, "outputs", ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    if outputs.shape != Y.shape:
        raise ValueError(
            _(
                "outputs and Y must have the same shape (one row per example), got outputs "
                "{outputs} and Y {Y}"
            ).format(outputs=outputs.shape, Y=Y.shape)
        )
    ref = get_loss(reference)
    rtol = check_positive_number(rtol, "rtol")
    at_start = _call_loss(loss_fn, outputs, Y)
    know_nothing = ref.value(np.zeros_like(Y), Y)
    other = _call_loss(loss_fn, outputs, _other_targets(Y))
    perfect = _call_loss(loss_fn, Y, Y)
    perfect_ref = ref.value(Y, Y)
    return [
        (
            _("loss at initialization"),
            at_start,
            _("about {value:.4f}").format(value=know_nothing),
            bool(np.isfinite(at_start) and abs(at_start - know_nothing) <= rtol * know_nothing),
            _(
                "the loss of all-zero outputs is {value:.4f} ({name}); a network that starts with small "
                "outputs should start near it. Far from it: the loss is computed wrongly, or the "
                "initial weights are too large"
            ).format(value=know_nothing, name=ref.name),
        ),
        (
            _("loss with other targets"),
            other,
            _("not {value:.4f}").format(value=at_start),
            bool(not np.isclose(other, at_start, rtol=1e-12, atol=1e-15)),
            _("the loss did not change when the targets changed: it ignores Y"),
        ),
        (
            _("loss of perfect outputs"),
            perfect,
            f"{perfect_ref:.4f}",
            bool(np.isclose(perfect, perfect_ref, rtol=1e-9, atol=1e-12)),
            _(
                "outputs equal to the targets should give the {name} loss {value:.4f}: "
                "this loss measures something else"
            ).format(name=ref.name, value=perfect_ref),
        ),
    ]


def sanity_checks(loss_fn, outputs, Y, reference="mse", rtol=0.5):
    """Print three checks of a loss function that need no training, and what a failure suggests.

    loss_fn(outputs, Y) -> number: the loss your training code uses.
    outputs: the network's outputs at initialization, (batch, n_outputs); Y: the targets, same shape.
    reference: the loss you meant to compute (an nh.loss name, default "mse").
      1. loss at initialization: close (within rtol, relative) to the loss of all-zero outputs,
         e.g. 1/K for mse and one-hot targets of K classes, ln K for cross-entropy.
      2. loss with other targets (Y's rows rolled by one): must differ from the loss with Y.
      3. loss of perfect outputs (outputs = Y): must equal the reference loss there (0 for mse).
    """
    rows = sanity_results(loss_fn, outputs, Y, reference, rtol)
    head = _("sanity check")
    left = max(26, 3 + max(len(text) for text in [head] + [row[0] for row in rows]))
    got_head, expected_head = _("got"), _("expected")
    print(f"{head:<{left}}{got_head:>10}   {expected_head:<16}" + _("verdict"))
    for check, got, expected, ok, _cause in rows:
        print(f"{check:<{left}}{got:>10.4f}   {expected:<16}{'PASS' if ok else 'FAIL'}")
    for check, _got, _expected, ok, cause in rows:
        if not ok:
            print(f"-> {check}: {cause}")
    if all(row[3] for row in rows):
        print(_("-> the loss passes all three checks"))


def overfit_one_batch(net, X, Y, epochs, lr, goal=0.01):
    """Train `net` on one tiny batch and say whether the loss fell below goal * (the first loss).

    net: anything with fit(X, Y, epochs, lr) that returns the losses, one per epoch (a list, or an object
    with .losses such as nh.MLP's History). A correct network with enough capacity fits a handful of
    examples almost perfectly; if it cannot, the training code (loss, backward, update) is broken, or the
    learning rate or the number of epochs is off. Prints the verdict and returns the losses.
    """
    fit = getattr(net, "fit", None)
    if not callable(fit):
        raise TypeError(
            _("net must have a method fit(X, Y, epochs, lr), got {kind}").format(
                kind=type(net).__name__
            )
        )
    epochs = check_positive_int(epochs, "epochs")
    lr = check_positive_number(lr, "lr")
    goal = check_positive_number(goal, "goal")
    head = _("overfit one batch ({n} examples, {epochs} epochs, lr={lr:g}): ").format(
        n=np.shape(X)[0] if np.ndim(X) else 1, epochs=epochs, lr=lr
    )
    try:
        result = fit(X, Y, epochs, lr)
    except TrainingDiverged as error:
        print(head + f"FAIL: {error}")
        return []
    losses = [
        float(value)
        for value in as_float_array(
            getattr(result, "losses", result),
            _("the losses fit returned"),
            ndim=1,
            allow_nonfinite=True,
        )
    ]
    if not losses:
        raise ValueError(_("net.fit returned no losses; it must return one loss per epoch"))
    first, last = losses[0], losses[-1]
    print(head + _("loss {first:.4f} -> {last:.4f}").format(first=first, last=last), end="")
    if not np.all(np.isfinite(losses)):
        epoch = int(np.argmin(np.isfinite(losses)))
        print(
            "\n"
            + _(
                "FAIL: the loss became {value} at epoch {epoch}: the steps go uphill (a sign error) "
                "or the learning rate is far too large"
            ).format(value=losses[epoch], epoch=epoch)
        )
        return losses
    share = last / first if first > 0 else 0.0
    print(_(" ({share:.1%} of the start; goal: below {goal:.0%})").format(share=share, goal=goal))
    if last <= goal * first:
        print(_("PASS: the training code can fit this batch"))
    elif max(losses) == min(losses):
        print(
            _(
                "FAIL: the loss never changed: the parameters are not being updated (is backward "
                "called? does update change anything?)"
            )
        )
    elif last > first:
        print(
            _(
                "FAIL: the loss rose: the steps go uphill (a sign error between gradient and update) "
                "or the learning rate is too large"
            )
        )
    else:
        print(
            _(
                "FAIL: the loss fell but stalled at {last:.4f}: some parameters may not learn (are all "
                "of them updated?), the gradients may be wrong (run a gradient check), or more epochs "
                "are needed"
            ).format(last=last)
        )
    return losses


def parameter_change_table(before, after, grads=None):
    """Print, for each parameter, how much it changed between two snapshots, and flag those that did not move.

    before, after: {name: array} with the same names and shapes, e.g. copies of the parameters taken
    before and after one training step: {name: value.copy() for name, value in net.parameters().items()}
    for an nh.MLP, or the same over your own network's dict of parameters.
    grads: optionally the gradients of that step, same names (net.gradients()); then the table also says whether a
    parameter that did not move had a gradient (its update was skipped) or not (backward never set it).
    The column "update / weight" is ||after - before|| / ||before||, the size of the step relative to the
    parameter: about 1e-3 is healthy for a training step; 1e-1 or more means steps that are too large, 1e-6
    or less steps that barely move it. It shows "-" for a parameter that was all zeros before (biases at the start).
    """
    _check_dict(before, "before", _("array"))
    _check_dict(after, "after", _("array"))
    _check_same_names(before, after, "before", "after")
    if grads is not None:
        _check_dict(grads, "grads", _("array"))
        _check_same_names(before, grads, "before", "grads")
    parameter = _("parameter")
    width = max(len(parameter), *(len(str(key)) for key in before))
    heads = [_("shape"), _("largest change"), _("update / weight"), _("largest |gradient|")]
    extra = f"{heads[3]:>20}" if grads is not None else ""
    print(
        f"{parameter:<{width}}  {heads[0]:<10}{heads[1]:>16}{heads[2]:>17}{extra}  " + _("verdict")
    )
    frozen = []
    for key in before:
        old = as_float_array(before[key], f"before[{key!r}]")
        new = as_float_array(after[key], f"after[{key!r}]")
        change = float(np.max(np.abs(new - old)))
        size = float(np.linalg.norm(old))
        ratio = f"{float(np.linalg.norm(new - old)) / size:.1e}" if size > 0 else "-"
        row = f"{key!s:<{width}}  {old.shape!s:<10}{change:>16.3g}{ratio:>17}"
        if grads is not None:
            gradient = float(np.max(np.abs(as_float_array(grads[key], f"grads[{key!r}]"))))
            row += f"{gradient:>20.3g}"
        if change > 0:
            verdict = _("moved")
        else:
            frozen.append(str(key))
            verdict = _("DID NOT MOVE")
            if grads is not None:
                verdict += (
                    _(" although its gradient is not 0")
                    if gradient > 0
                    else _(" (its gradient is 0)")
                )
        print(f"{row}  {verdict}")
    if frozen:
        print(
            _(
                "-> did not move: {names}. Is their update missing, or is their gradient always 0?"
            ).format(names=", ".join(frozen))
        )
    else:
        print(_("-> all {n} parameters moved").format(n=len(before)))


def _not_2d(X, Y, n_features):
    """What is wrong with an X that is not 2-D, and the shape it should have: no code, that is the student's."""
    if X.ndim > 2:
        return _(
            "each example is still a block of shape {block}; the network takes every example as "
            "one row of {size} numbers, so X should have shape {shape}"
        ).format(block=X.shape[1:], size=X[0].size, shape=(len(X), X[0].size))
    if X.ndim == 1 and Y.ndim == 2 and X.size % len(Y) == 0:
        n = len(Y)
        if n == 1:
            text = _(
                "its {size} numbers lie in one line, so no row marks where an example begins; with "
                "{n} example (one per row of Y) X should have shape {shape}"
            )
        else:
            text = _(
                "its {size} numbers lie in one line, so no row marks where an example begins; with "
                "{n} examples (one per row of Y) X should have shape {shape}"
            )
        return text.format(size=X.size, n=n, shape=(n, X.size // n))
    if X.ndim == 1 and n_features is not None and X.size % n_features == 0:
        return _(
            "its {size} numbers lie in one line, so no row marks where an example begins; with "
            "n_features={n_features} X should have shape {shape}"
        ).format(size=X.size, n_features=n_features, shape=(X.size // n_features, n_features))
    return _("one row per example, one column per feature")


def assert_data_shapes(X, Y, n_features=None, n_outputs=None):
    """Raise a ValueError that explains the problem unless X is (n, n_features) and Y is (n, n_outputs).

    One example per row, in X and in Y, with the same number of rows. n_features / n_outputs: the sizes
    the network expects (None: any). Returns None when everything fits.
    """
    X = as_float_array(X, "X")
    Y = as_float_array(Y, "Y")
    if X.ndim != 2:
        raise ValueError(
            _("X must be 2-D (n_examples, n_features), got shape {shape}: {why}").format(
                shape=X.shape, why=_not_2d(X, Y, n_features)
            )
        )
    if Y.ndim != 2:
        hint = _(": one target per example is a column, Y.reshape(-1, 1)") if Y.ndim == 1 else ""
        raise ValueError(
            _("Y must be 2-D (n_examples, n_outputs), got shape {shape}").format(shape=Y.shape)
            + hint
        )
    n_x, n_y = X.shape[0], Y.shape[0]
    if n_x != n_y:
        message = _(
            "X has {n_x} rows but Y has {n_y}: every example must be one row of X, with its targets "
            "in the same row of Y"
        ).format(n_x=n_x, n_y=n_y)
        if X.shape[1] == n_y and (n_features is None or n_x == n_features):
            message += _(
                ". X looks transposed (one column per example): use X.T, shape {shape}"
            ).format(shape=X.T.shape)
        elif n_x % n_y == 0:
            message += _(
                ". {n_x} = {k} x {n_y}: were the {k} rows of each example stacked "
                "under each other instead of flattened into one row of {size}?"
            ).format(n_x=n_x, k=n_x // n_y, n_y=n_y, size=n_x // n_y * X.shape[1])
        raise ValueError(message)
    if n_features is not None:
        n_features = check_positive_int(n_features, "n_features")
        if X.shape[1] != n_features:
            raise ValueError(
                _(
                    "X has {got} features per row, but the network expects n_features="
                    "{n_features}: X has shape {shape}, expected {expected}"
                ).format(
                    got=X.shape[1], n_features=n_features, shape=X.shape, expected=(n_x, n_features)
                )
            )
    if n_outputs is not None:
        n_outputs = check_positive_int(n_outputs, "n_outputs")
        if Y.shape[1] != n_outputs:
            raise ValueError(
                _(
                    "Y has {got} targets per row, but the network has n_outputs={n_outputs}: "
                    "Y has shape {shape}, expected {expected}"
                ).format(
                    got=Y.shape[1], n_outputs=n_outputs, shape=Y.shape, expected=(n_y, n_outputs)
                )
            )
