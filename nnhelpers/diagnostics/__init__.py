"""Tools for finding what is wrong with a network (uses only the engine).

    gradcheck.py    numerical_gradient, relative_error, check_network_gradients: gradients against
                    finite differences
    debug_tools.py  lesson 08's toolkit: assert_data_shapes, gradient_check(_table), overfit_one_batch,
                    parameter_change_table, sanity_checks

(The students' self-checks of lesson 08 are a different thing: nnhelpers/checks/debugging.py.)
"""

from .debug_tools import (
    assert_data_shapes,
    gradient_check,
    gradient_check_table,
    overfit_one_batch,
    parameter_change_table,
    sanity_checks,
)
from .gradcheck import check_network_gradients, numerical_gradient, relative_error
