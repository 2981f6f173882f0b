"""The core every explorer is built on: controls over a readout and a picture, and a cache of runs.

Explorer   the controls, the readout (an HTML line or two) and the picture (a LiveFigure) in one
           widget; a change of any control calls update(), which redraws the readout and
           the picture before it returns (what is shown is what was asked for). An explorer
           that trains then trains ahead, while the student looks: the settings one change
           away, a short stretch at a time between the kernel's messages (no thread)
RunCache   trained runs by (settings, seed), each trained once: going back to a setting
           redraws at once; asking for more epochs trains a run on from where it stopped,
           asking for fewer slices a longer run
"""

import asyncio
import math
import time
from collections import OrderedDict
from functools import partial

import ipywidgets as widgets
import numpy as np

from .fallback import explorer_bundle
from .live_figure import LiveFigure

# Training ahead goes a stretch of about AHEAD_SECONDS at a time (a change that comes meanwhile
# waits that long at most), with a pause of AHEAD_PAUSE_SECONDS between stretches, in which the
# kernel takes any message that came first.
AHEAD_SECONDS, AHEAD_PAUSE_SECONDS = 0.01, 0.001


class Explorer:
    """Controls over a readout and a picture, in one widget that a notebook cell shows.

    controls: the widgets a student changes, shown in a row (or in `box`, a Box of them, e.g. a
    grid); watch(control, ...) makes every change of their values call update(). figsize: of the
    picture (see LiveFigure). A subclass draws in update(): it reads the controls, sets
    readout.value, changes the figure and calls live.refresh(). While no kernel runs, a notebook
    shows the picture as first drawn (fallback.py).

    A subclass whose update() takes long (it trains) defines ahead(control, value): do one short
    stretch of the work that update() would do with `control` set to `value`; False when none is
    left. After each change the student makes, the kernel then works through neighbors() between
    its messages; work_ahead() does it all at once (a script, a test: no event loop runs there).
    Attributes: controls, readout (HTML), live (LiveFigure), image (its PNG Image widget), widget.
    """

    ahead = None

    def __init__(self, controls, figsize, box=None):
        self.controls = list(controls)
        self.readout = widgets.HTML()
        self.live = LiveFigure(figsize=figsize)
        self.image = self.live.image
        row = box or widgets.HBox(self.controls)
        self.widget = widgets.VBox([row, self.readout, self.image])
        self._last = None  # (the control changed last, 1 or -1: the way it went)
        self._queue, self._task = [], None  # the work ahead, and the task doing it

    def watch(self, *controls):
        """Call update() at every change of the values of `controls`."""
        for control in controls:
            control.observe(partial(self._changed, control), names="value")

    def _changed(self, control, change):
        new, old = (_position(control, change[key]) for key in ("new", "old"))
        self._last = (control, 1 if new >= old else -1)
        self.update()
        if self.ahead is None:
            return
        self._queue = self.neighbors()
        try:
            loop = asyncio.get_running_loop()  # the kernel's, in a notebook
        except RuntimeError:  # none runs: work_ahead() does the work when asked
            return
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._ahead_between_messages())

    def neighbors(self):
        """[(control, value)] one change away from the controls' values, the likeliest first: the
        control changed last, one step further the same way and one back; each other control's
        steps or options; then the sliders' ends (the Home and End keys)."""
        last, way = self._last or (None, 1)
        order = ([last] if last else []) + [c for c in self.controls if c is not last]
        near, ends = [], []
        for control in order:
            steps, far = _one_change(control, way if control is last else 1)
            near += [(control, value) for value in steps]
            ends += [(control, value) for value in far]
        return near + ends

    async def _ahead_between_messages(self):
        while self._ahead_step():
            await asyncio.sleep(AHEAD_PAUSE_SECONDS)

    def _ahead_step(self):
        """One stretch of the work ahead, the likeliest first; False when none is left."""
        while self._queue:
            try:
                if self.ahead(*self._queue[0]):
                    return True
            except ValueError:  # a run that cannot be trained: update() says why, if asked
                pass
            self._queue.pop(0)
        return False

    def work_ahead(self):
        """Do at once the work ahead that the kernel does a stretch at a time between messages."""
        while self._ahead_step():
            pass

    def _repr_mimebundle_(self, **kwargs):
        return explorer_bundle(self.widget, self.live, **kwargs)


def _options(control):
    """The values of a dropdown's options (given as values or as (label, value) pairs)."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


def _position(control, value):
    """Where `value` lies on `control`: an option's index, a slider's value, a checkbox's 0 or 1."""
    return _options(control).index(value) if hasattr(control, "options") else value


def _one_change(control, way):
    """(the values one step or option from control's value, `way` (1 or -1) first; a slider's ends)."""
    value = control.value
    if isinstance(control, widgets.Checkbox):
        return [not value], []
    if hasattr(control, "options"):
        options = _options(control)
        i = options.index(value)
        after = options[i + 1 :] + options[:i]
        return (after if way > 0 else after[::-1]), []
    log = isinstance(control, widgets.FloatLogSlider)
    position = math.log(value, control.base) if log else value
    low, high, step = control.min, control.max, control.step
    grid = low + round((position - low) / step) * step
    steps = [grid + k * step for k in (way, -way)]
    inside = [p for p in steps if low - 1e-9 * step <= p <= high + 1e-9 * step]
    ends = [end for end in (high, low) if abs(end - position) > 1e-9 * step]
    if log:
        return [control.base**p for p in inside], [control.base**p for p in ends]
    return inside, ends


class RunCache:
    """Trained runs kept by (settings, seed), trained when first asked for (get) or ahead
    (train_ahead), in the caller's thread.

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
        self._stretch = {}  # number of runs trained together -> epochs in AHEAD_SECONDS

    def train_ahead(self, settings, seeds, epochs):
        """Train the runs of (settings, seeds) that are short of `epochs` (and have not diverged) on
        by a stretch of about AHEAD_SECONDS, those with the fewest epochs first; False if none is
        short (then nothing is trained). The runs are the ones get() would train: no extra epoch."""
        short = {}  # epochs trained -> the seeds of the runs short of `epochs`
        for seed in seeds:
            run = self._runs.get((settings, seed))
            losses = np.empty(0) if run is None else run["losses"]
            if len(losses) < epochs and not np.isinf(losses[-1:]).any():
                short.setdefault(len(losses), []).append(seed)
        if not short:
            return False
        start = min(short)
        group = short[start]
        stretch = self._stretch.get(len(group), 10)
        began = time.perf_counter()
        self.get(settings, group, min(epochs, start + stretch))
        took = max(time.perf_counter() - began, 1e-4)
        self._stretch[len(group)] = max(1, min(2 * stretch, round(stretch * AHEAD_SECONDS / took)))
        return True

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
