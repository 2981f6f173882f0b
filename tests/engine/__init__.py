"""nnhelpers/engine: activations, initializers, layers, losses, the MLP, and PyTorch as a reference."""
