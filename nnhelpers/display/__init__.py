"""Plots and widgets: everything that draws. Uses the engine, the data and the experiments.

    plots.py                   plot_activation, plot_losses, plot_pixels, plot_confusion, loss_ylim
    bands.py                   plot_bands: loss quantile bands over seeds; plot_reached: share of seeds at a target
    colors.py                  config_color: one colour per configuration, the same in every plot
    live_figure.py             LiveFigure: the plumbing every explorer draws with (a figure as a PNG widget)
    explorer_core.py           Explorer (controls, readout, picture; work ahead) and RunCache (trained runs)
    neuron_explorer.py         NeuronExplorer (lesson 01)
    shape_explorer.py          ShapeExplorer: the shapes of a Dense layer
    training_explorer.py       TrainingExplorer: learning rate, initialization, activation, epochs over seeds
    letter_pad.py              LetterPad: draw a letter and see what the network says

Nothing is imported here: Matplotlib and ipywidgets take about half a second to load, so
nnhelpers imports each module on first use of one of its names (nnhelpers._LAZY).
"""
