"""nnhelpers/data: the letters and the two-dimensional toy tasks."""
