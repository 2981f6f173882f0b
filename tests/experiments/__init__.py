"""nnhelpers/experiments: many seeds at once, statistics over seeds, fair comparisons."""
