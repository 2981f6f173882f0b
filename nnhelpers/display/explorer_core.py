"""The core every explorer is built on: controls over a readout and a picture, and a cache of runs.

Explorer   the controls, the readout (an HTML line or two) and the picture (a LiveFigure) in one
           widget; a change of any control calls update(), which redraws the readout and
           the picture before it returns (no thread: what is shown is what was asked for)
RunCache   trained runs by (settings, seed), each trained once: going back to a setting
           redraws at once; asking for more epochs trains a run on from where it stopped,
           asking for fewer slices a longer run
"""

from collections import OrderedDict

import ipywidgets as widgets
import numpy as np

from .fallback import explorer_bundle
from .live_figure import LiveFigure


class Explorer:
    """Controls over a readout and a picture, in one widget that a notebook cell shows.

    controls: the widgets a student changes, shown in a row (or in `box`, a Box of them, e.g. a
    grid); watch(control, ...) makes every change of their values call update(). figsize: of the
    picture (see LiveFigure). A subclass draws in update(): it reads the controls, sets
    readout.value, changes the figure and calls live.refresh(). While no kernel runs, a notebook
    shows the picture as first drawn (fallback.py).
    Attributes: controls, readout (HTML), live (LiveFigure), image (its PNG Image widget), widget.
    """

    def __init__(self, controls, figsize, box=None):
        self.controls = list(controls)
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=figsize)
        self.image = self.live.image
        row = box or widgets.HBox(self.controls)
        self.widget = widgets.VBox([row, self.readout, self.image])

    def watch(self, *controls):
        """Call update() at every change of the values of `controls`."""
        for control in controls:
            control.observe(lambda change: self.update(), names="value")

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(self.widget, self.live, **kwargs)


class RunCache:
    """Trained runs kept by (settings, seed), trained when first asked for, in the caller's thread.

    train(settings, seeds, networks, epochs) -> (losses (len(seeds), epochs), trained networks):
    trains networks[i] (None: seeds[i]'s new network) for `epochs` epochs with `settings` (any
    hashable value but the number of epochs); a diverged run's network is None, its losses inf from
    there on. Gradient descent keeps no state besides the weights, so a run trained on from saved
    weights is, bit for bit, the run trained in one go.

    Each run keeps its losses and its weights at its end and at every multiple of `every` epochs
    (None: at its end only). get() with more epochs than a run has trains it on from its end; with
    fewer, the losses are a slice and the network is trained on from the last weights saved before.
    At most `capacity` runs are kept (the least recently used go).
    """

    def __init__(self, train, every=None, capacity=500):
        self.train, self.every, self.capacity = train, every, capacity
        self._runs = OrderedDict()  # (settings, seed) -> {"losses": .., "saved": {epoch: network}}

    def get(self, settings, seeds, epochs):
        """(losses (len(seeds), epochs), the networks after `epochs` epochs, None if diverged)."""
        runs = [self._run(settings, seed) for seed in seeds]
        losses = np.full((len(seeds), epochs), np.inf)
        networks = [None] * len(seeds)
        starts = {}  # start epoch -> positions of the runs to train on from there
        for i, run in enumerate(runs):
            known = run["losses"][:epochs]
            losses[i, : len(known)] = known
            if np.isinf(known).any():  # diverged before `epochs`: nothing to train
                continue
            start = max(epoch for epoch in run["saved"] if epoch <= epochs)
            if start == epochs:
                networks[i] = run["saved"][start]
            else:
                starts.setdefault(start, []).append(i)
        for start, positions in starts.items():
            self._train_on(
                settings,
                [seeds[i] for i in positions],
                [runs[i] for i in positions],
                start,
                epochs,
                losses,
                networks,
                positions,
            )
        return losses, networks

    def _run(self, settings, seed):
        """The run of (settings, seed), made the most recently used; a new one if there is none."""
        key = (settings, seed)
        run = self._runs.pop(key, None) or {"losses": np.empty(0), "saved": {0: None}}
        self._runs[key] = run
        while len(self._runs) > self.capacity:
            self._runs.popitem(last=False)
        return run

    def _train_on(self, settings, seeds, runs, start, epochs, losses, networks, positions):
        """Train `runs` (of `seeds`) on from epoch `start` to `epochs`, a stretch at a time (the
        weights are saved at each multiple of `every`); fill losses and networks at `positions`."""
        nets = [run["saved"][start] for run in runs]
        every = self.every or epochs
        stops = list(range((start // every + 1) * every, epochs, every))
        alive = list(range(len(runs)))  # positions in runs that have not diverged
        epoch = start
        for stop in stops + [epochs]:
            curves, trained = self.train(
                settings, [seeds[k] for k in alive], [nets[k] for k in alive], stop - epoch
            )
            for k, curve, net in zip(alive, curves, trained):
                losses[positions[k], epoch:stop] = curve
                nets[k] = net
                run = runs[k]
                if stop > len(run["losses"]):  # a new end: the old one is kept only if on the grid
                    end = len(run["losses"])
                    run["losses"] = np.concatenate([run["losses"][:epoch], curve])
                    if end and (self.every is None or end % self.every):
                        run["saved"].pop(end, None)
                    run["saved"][stop] = net
                elif self.every is not None and stop % self.every == 0:
                    run["saved"][stop] = net
            alive = [k for k in alive if nets[k] is not None]
            epoch = stop
            if not alive:
                break
        for k, position in enumerate(positions):
            networks[position] = nets[k]
