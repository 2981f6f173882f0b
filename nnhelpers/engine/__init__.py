"""The engine: everything a network is made of, small enough to read in one sitting.

Read it in this order; each module uses only the ones before it (and validation):

    activations.py   ReLU, LeakyReLU, Sigmoid, Tanh, Linear: f(z) and its derivative df(z); activation(name)
    initializers.py  Zeros, Constant, Normal, Uniform, Xavier, He: starting weights; initializer(name)
    layers.py        Dense (weights, biases; forward and backward; parameters()) and ActivationLayer
    losses.py        MSE, HalfSSE, CrossEntropy (with softmax), BinaryCrossEntropy: f and df; loss(name)
    network.py       MLP: the layers in a row, predict, parameters(), step, fit (the training loop), History
    validation.py    the argument checks of the whole package, with messages that name the argument

One protocol between the modules, all public names: the student-facing methods (forward, backward,
value, gradient, derivative) check their arguments and call the bare math (f, df, forward_unchecked,
backward_unchecked), which the training loops call on data checked once. The bare math also takes a
leading seeds axis (experiments.run_seeds trains many seeds at once with these very lines).

Size: about 836 lines of code (lines that are neither blank nor only a comment; docstrings count),
including this file. tests/course/test_layout.py keeps the engine within its line budget, keeps this number
honest, and checks that the engine imports nothing from the rest of nnhelpers but nnhelpers.i18n (`_()`
puts its error messages in the student's language, NN_LANG).
"""

from .activations import Activation, activation
from .initializers import Initializer, initializer
from .layers import ActivationLayer, Dense
from .losses import Loss, loss, softmax
from .network import MLP, History, TrainingDiverged
