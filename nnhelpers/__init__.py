"""nnhelpers: the companion package of the course "Neural networks from scratch".

    import nnhelpers as nh
    nh.activation("relu"), nh.initializer("he"), nh.loss("mse")
    nh.Dense(n_inputs, n_neurons, init="he", rng=rng), nh.ActivationLayer("relu")
    nh.MLP([30, 8, 3], seed=0).fit(X, Y, epochs=500, lr=0.1)
    nh.numerical_gradient, nh.relative_error, nh.check_network_gradients
    nh.letters(), nh.doctor()
"""
from .activations import Activation, activation
from .data import letters
from .versions import doctor, version_mismatches
from .gradcheck import check_network_gradients, numerical_gradient, relative_error
from .initializers import Initializer, initializer
from .layers import ActivationLayer, Dense
from .losses import Loss, loss, softmax
from .network import MLP, History, TrainingDiverged

__version__ = "0.1.0"
