"""Many seeds at once, and statistics over them (lessons 04-07). Uses the engine.

seeds.py          run_seeds: train one configuration from many seeds in one stacked run (train_networks:
                  train given networks on, e.g. from where they stopped)
seed_stats.py     the one definition of reached / diverged / stuck (outcomes), intervals, summary_table
compare.py        compare: each configuration at its own best learning rate, with intervals;
                  stored_comparison: one computed by tools/lesson_results.py
signal_spread.py  activation_spread, gradient_spread: how signals grow or vanish layer by layer
init_scale.py     scaled_initializer: one scale knob per initialization scheme
metrics.py        accuracy, confusion_matrix
"""

from .compare import compare, load_comparison, stored_comparison
from .init_scale import scaled_initializer
from .metrics import accuracy, confusion_matrix
from .seed_stats import median_interval, outcomes, summary_table, wilson_interval
from .seeds import run_seeds
from .signal_spread import activation_spread, gradient_spread
