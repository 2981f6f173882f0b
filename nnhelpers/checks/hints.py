"""Hints of lessons 03-08 (lessons 01-02: nnhelpers.exercises.hints): a nudge at a time, never the answer.

    nh.hint("sigmoid")        # or nh.hint(sigmoid): the next hint for that exercise
    nh.hint()                 # the exercises that have hints

Each exercise has a few hints, from a gentle reminder to the step that is most often missed. After
a self-check fails three times in a row (in one kernel), the next hint is added to its message; a
pass starts the count again. The exercise's name is its self-check's without "check_"
("check_dense_forward" -> "dense_forward").
"""

import functools

from ..exercises.hints import undeclared

FAILURES_BEFORE_A_HINT = 3

HINTS = {
    # lesson 08
    "mse_and_gradient": [
        "A loss must depend on the targets Y: the sanity checks above test exactly that.",
        "loss = mean((A2 - Y) ** 2), a single number.",
        "Its gradient is 2 (A2 - Y) divided by the number of elements (A2.size).",
    ],
    "flatten_images": [
        "Each image should become one row of X.",
        "reshape keeps the order of the pixels: rows joined top to bottom.",
        "Use the shape of the images you are given (n, rows, cols), not fixed numbers.",
    ],
    "train_step": [
        "One step is forward, loss, backward, update, each exactly once.",
        "Compute the loss from the forward pass's output before anything is updated, and return it.",
        "Make sure backward and update are both called: a loop that never calls them never learns.",
    ],
    "update_parameters": [
        "Every parameter must move: the weights and the biases.",
        "Loop over the names in params, not over a list you wrote yourself.",
        "A parameter without a gradient is a bug: let it raise an error instead of skipping it.",
    ],
    "two_layer_backward": [
        "The gradient check compares your gradients with finite differences: they must agree.",
        "Check the ReLU's derivative: it is 1 where the unit was on and 0 where it was off.",
        "Each dW is the transposed input of its layer times that layer's delta; each db sums "
        "the delta over the batch.",
    ],
    "relu_derivative_from_output": [
        "You only have the ReLU's output A, not its input Z.",
        "A unit that is off has A == 0 and passes no gradient; one that is on has A > 0.",
        "Return floats (1.0 and 0.0) shaped like A; A must not change.",
    ],
    "mystery_fixed": [
        "Do not read the code first: run the toolbox on the mystery network and let it point at "
        "the broken part.",
        "parameter_change_table shows which parameters never move; the gradient check shows which "
        "gradients disagree with finite differences.",
        "Compare the derivative of each activation with its formula (tanh'(z) = 1 - tanh(z)^2) and "
        "check that update really stores the new values.",
    ],
}

_given = {}  # exercise -> how many hints were given
_failures = {}  # exercise -> self-check failures in a row


def _exercise_name(exercise):
    """The exercise's key in HINTS, from a name ("sigmoid", "check_sigmoid") or the student's function."""
    name = exercise if isinstance(exercise, str) else getattr(exercise, "__name__", None)
    if not isinstance(name, str):
        raise TypeError(
            f"exercise should be an exercise's name (e.g. 'sigmoid') or its function, "
            f"got {type(exercise).__name__}"
        )
    name = name.removeprefix("check_")
    aliases = {"Neuron": "neuron"}
    name = aliases.get(name, name)
    if name not in HINTS:
        raise ValueError(f"exercise should be one of {', '.join(sorted(HINTS))}, got {exercise!r}")
    return name


def next_hint(exercise):
    """The next hint for `exercise` as a sentence "Hint 2 of 3 for sigmoid: ..." (the last one repeats)."""
    name = _exercise_name(exercise)
    hints = HINTS[name]
    number = min(_given.get(name, 0), len(hints) - 1)
    _given[name] = number + 1
    last = (
        " (that is the last hint: reread the lesson's explanation above the exercise)"
        if number == len(hints) - 1
        else ""
    )
    return f"Hint {number + 1} of {len(hints)} for {name}: {hints[number]}{last}"


def hint(exercise=None):
    """Print the next hint for `exercise` (its name, e.g. "dense_forward", or the function you wrote);
    without an exercise, list the exercises that have hints."""
    if exercise is None:
        print("Hints exist for: " + ", ".join(sorted(HINTS)) + '. Ask with nh.hint("sigmoid").')
        return
    print(next_hint(exercise))


undeclared.update(
    {name: functools.partial(next_hint, name) for name in HINTS}
)  # nh.hint finds them


def with_hints(check):
    """`check` (a self-check function check_<exercise>) that, from its third failure in a row on,
    adds the next hint to its failure message."""
    name = _exercise_name(check.__name__)

    @functools.wraps(check)
    def counted(*args, **kwargs):
        try:
            result = check(*args, **kwargs)
        except AssertionError as failure:
            _failures[name] = _failures.get(name, 0) + 1
            if _failures[name] >= FAILURES_BEFORE_A_HINT:
                failure.args = (
                    f"{failure}\n{next_hint(name)}\n(nh.hint({name!r}) gives the next hint.)",
                )
            raise
        _failures[name] = 0
        return result

    return counted
