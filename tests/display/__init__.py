"""nnhelpers/display: the explorers, live figures and the static pictures beside them."""
