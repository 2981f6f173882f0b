"""Many seeds at once, and statistics over them (lessons 04-07). Uses the engine.

    seeds.py          run_seeds: train one configuration from many seeds in one stacked run
    seed_stats.py     quantiles, divergence and epochs-to-reach over seeds; summary_table
    signal_spread.py  activation_spread, gradient_spread: how signals grow or vanish layer by layer
    init_scale.py     scaled_initializer: one scale knob per initialization scheme
    metrics.py        accuracy, confusion_matrix
"""
from .init_scale import scaled_initializer
from .metrics import accuracy, confusion_matrix
from .seed_stats import summary_table
from .seeds import run_seeds
from .signal_spread import activation_spread, gradient_spread
