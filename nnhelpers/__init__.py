"""nnhelpers: the companion package of the course "Neural networks from scratch".

    import nnhelpers as nh
    nh.activation("relu"), nh.initializer("he"), nh.loss("mse")
    nh.Dense(n_inputs, n_neurons, init="he", rng=rng), nh.ActivationLayer("relu")
    nh.MLP([30, 8, 3], seed=0).fit(X, Y, epochs=500, lr=0.1)
    nh.numerical_gradient, nh.relative_error, nh.check_network_gradients
    nh.letters(), nh.spam_emails(), nh.doctor()
    nh.plot_losses, nh.plot_activation, nh.NeuronExplorer, nh.Quiz, nh.check_* (self-checks), nh.hint
"""
from .activations import Activation, activation
from .answers import record_answer  # graded test cells: answers for the trusted grader (tools/grading/scores.py)
from .checks import *  # noqa: F401,F403  (the check_* functions of every lesson, and CheckFailed)
from .data import letters, nearest_template, noisy_letters, spam_emails
from .debugging import assert_data_shapes, gradient_check, gradient_check_table, overfit_one_batch, parameter_change_table, sanity_checks  # lesson 08
from .hints import hint  # self-learners: nh.hint("sigmoid") gives the next hint for an exercise
from .gradcheck import check_network_gradients, numerical_gradient, relative_error
from .initializers import Initializer, initializer
from .layers import ActivationLayer, Dense
from .losses import Loss, loss, softmax
from .metrics import accuracy, confusion_matrix
from .network import MLP, History, TrainingDiverged
from .versions import doctor, version_mismatches
from .experiments import run_seeds  # lessons 05-07: many seeds at once
from .signal_spread import activation_spread, gradient_spread  # lesson 05: vanishing/exploding signals
from .seed_stats import summary_table  # lessons 05-07: statistics over seeds
from .init_scale import scaled_initializer  # lessons 05-07: one scale knob per init scheme
from .toy_tasks import spirals, xor  # lessons 05-07: harder 2-D tasks

__version__ = "0.1.0"

# Plotting and widgets pull in Matplotlib and ipywidgets (about half a second), so they are
# imported on first use: `import nnhelpers` stays fast for scripts and tests.
# One entry per line: name -> module.
_LAZY = {
    "plot_activation": "plots",
    "plot_losses": "plots",
    "Quiz": "quiz",
    "check_quiz_answer": "quiz",
    "LiveFigure": "widgets",
    "NeuronExplorer": "widgets",
    "LearningRateExplorer": "widgets",
    "ShapeExplorer": "shape_explorer",
    "plot_bands": "bands",
    "TrainingExplorer": "training_explorer",
    "LetterPad": "letter_pad",
    "plot_pixels": "plots",
    "plot_confusion": "plots",
}


def __getattr__(name):
    if name in _LAZY:
        from importlib import import_module
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'nnhelpers' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
