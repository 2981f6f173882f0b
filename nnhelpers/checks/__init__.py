"""Student self-checks. Each check_* takes the student's function or class, prints one line when it is
right, and raises CheckFailed (an AssertionError) with what is wrong and the likely cause when it is not."""
from .core import CheckFailed
from .neuron import check_gradient_step, check_neuron, check_relu, check_sigmoid
from .dense import check_dense_backward, check_dense_forward, check_relu_backward
from .network_2_2_1 import check_backward_2_2_1, check_forward_2_2_1, check_update
