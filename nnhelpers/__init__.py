"""nnhelpers: the companion package of the course "Neural networks from scratch".

import nnhelpers as nh
nh.activation("relu"), nh.initializer("he"), nh.loss("mse")
nh.Dense(n_inputs, n_neurons, init="he", rng=rng), nh.ActivationLayer("relu")
nh.MLP([30, 8, 3], seed=0).fit(X, Y, epochs=500, lr=0.1)
nh.numerical_gradient, nh.relative_error, nh.check_network_gradients
nh.letters(), nh.spam_emails(), nh.doctor()
nh.plot_losses, nh.plot_activation, nh.NeuronExplorer, nh.Quiz, nh.check (self-checks), nh.hint
"""

# The layers of the package, lowest first; each imports only from those before it (tests/course/test_layout.py):
#   engine/       activations, initializers, layers, losses, network, validation: the network itself
#   data/         letters, spam emails, toy tasks, made in code
#   diagnostics/  gradient checks and lesson 08's debugging tools
#   experiments/  many seeds at once, statistics over seeds, signal spread, metrics
#   display/      plots and widgets (imported on first use, below)
#   exercises/    every exercise declared once (self-check, hints, judge), one module per lesson
#   harness.py (the judge run, inside the grading sandbox), quiz.py, versions.py:
#   grading, quizzes and the environment
from .data import (  # lessons 05-07: harder 2-D tasks
    letters,
    nearest_template,
    noisy_letters,
    spam_emails,
    spirals,
    xor,
)
from .diagnostics import (
    assert_data_shapes,
    check_network_gradients,
    gradient_check,
    gradient_check_table,
    numerical_gradient,
    overfit_one_batch,
    parameter_change_table,
    relative_error,
    sanity_checks,
)  # lesson 08
from .engine import (
    MLP,
    Activation,
    ActivationLayer,
    Dense,
    History,
    Initializer,
    Loss,
    TrainingDiverged,
    activation,
    initializer,
    loss,
    softmax,
)
from .exercises import (
    CheckFailed,
    check,
    hint,
)  # nh.check("sigmoid", sigmoid): self-checks; nh.hint("sigmoid")
from .experiments import (
    accuracy,
    activation_spread,
    compare,
    confusion_matrix,
    gradient_spread,
    median_interval,
    outcomes,
    run_seeds,
    scaled_initializer,  # lessons 05-07: one scale knob per init scheme
    stored_comparison,  # lessons 05 and 07: comparisons too long for Run All
    summary_table,
    wilson_interval,
)  # lessons 05-07: many seeds at once, statistics over seeds  # lessons 04-07: fair comparisons  # lesson 05: vanishing/exploding signals
from .versions import doctor, version_mismatches
from .yours import not_written_yet, yours

__version__ = "0.1.0"

# Plotting and widgets pull in Matplotlib and ipywidgets (about half a second), so they are
# imported on first use: `import nnhelpers` stays fast for scripts and tests.
# One entry per line: name -> module.
_LAZY = {
    "plot_activation": "display.plots",
    "plot_losses": "display.plots",
    "Quiz": "quiz",
    "check_quiz_answer": "quiz",
    "LiveFigure": "display.live_figure",
    "NeuronExplorer": "display.neuron_explorer",
    "ShapeExplorer": "display.shape_explorer",
    "plot_bands": "display.bands",
    "plot_reached": "display.bands",
    "config_color": "display.colors",
    "TrainingExplorer": "display.training_explorer",
    "LetterPad": "display.letter_pad",
    "plot_pixels": "display.plots",
    "plot_confusion": "display.plots",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'nnhelpers' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
