"""Student self-checks. Each check_* takes the student's function or class, prints one line when it is
right, and raises CheckFailed (an AssertionError) with what is wrong and the likely cause when it is not."""
from .core import CheckFailed
from .neuron import check_gradient_step, check_neuron, check_relu, check_sigmoid
