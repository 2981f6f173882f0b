"""The engine: everything a network is made of, small enough to read in one sitting.

Read it in this order; each module uses only the ones before it (and validation):

    activations.py   ReLU, LeakyReLU, Sigmoid, Tanh, Linear: f(z) and its derivative; activation(name)
    initializers.py  Zeros, Constant, Normal, Uniform, Xavier, He: starting weights; initializer(name)
    layers.py        Dense (weights, biases; forward and backward) and ActivationLayer
    losses.py        MSE, HalfSSE, CrossEntropy (with softmax), BinaryCrossEntropy; loss(name)
    network.py       MLP: the layers in a row, predict, fit (the training loop), History, TrainingDiverged
    validation.py    the argument checks every public function calls, with messages that name the argument

Size: about 560 lines of code (lines that are neither blank nor only a comment; docstrings count),
including this file. tests/test_layout.py keeps the engine within its line budget, keeps this number
honest, and checks that the engine imports nothing from the rest of nnhelpers.
"""
from .activations import Activation, activation
from .initializers import Initializer, initializer
from .layers import ActivationLayer, Dense
from .losses import Loss, loss, softmax
from .network import MLP, History, TrainingDiverged
