"""The training explorer retrains and redraws on every control; its numbers come from MLP.fit."""

import asyncio
import io
import re
import threading
from pathlib import Path

import numpy as np
import PIL.Image
import pytest

import nnhelpers as nh
from nnhelpers.display.live_figure import LiveFigure

ROOT = Path(__file__).resolve().parents[2]


def mlp_losses(seed=0, *, hidden=8, activation="relu", init="he", epochs=200, lr=0.1):
    X, Y, _ = nh.letters()
    return (
        nh.MLP([30, hidden, 3], activation=activation, init=init, seed=seed)
        .fit(X, Y, epochs=epochs, lr=lr)
        .losses
    )


def test_every_control_redraws_the_image_and_the_readout():
    explorer = nh.TrainingExplorer()
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    changes = [
        ("lr", 0.3),
        ("init", "xavier"),
        ("init_scale", 2.0),
        ("activation", "tanh"),
        ("hidden", 5),
        ("epochs", 120),
        ("seed", 4),
        ("band", True),
    ]
    for name, value in changes:
        image, text = explorer.image.value, explorer.readout.value
        getattr(explorer, name).value = value
        assert explorer.image.value != image, f"changing {name} did not redraw the plot"
        assert explorer.readout.value != text, f"changing {name} did not change the readout"
    # The settings now: tanh, Xavier with gain 2, lr 0.3, 5 hidden units, 120 epochs, seed 4.
    expected = mlp_losses(
        4, hidden=5, activation="tanh", init=nh.initializer("xavier", gain=2.0), epochs=120, lr=0.3
    )
    assert (
        f"tanh, initializer('xavier', gain=2), lr 0.3, 5 hidden units, seed 4: loss {expected[0]:.4g} at the "
        f"start, {expected[-1]:.4g} after 120 epochs"
    ) in explorer.readout.value
    np.testing.assert_allclose(explorer.losses, expected, rtol=1e-9)
    finals = [
        mlp_losses(
            seed,
            hidden=5,
            activation="tanh",
            init=nh.initializer("xavier", gain=2.0),
            epochs=120,
            lr=0.3,
        )[-1]
        for seed in range(4, 24)
    ]
    assert f"seeds 4-23: final loss median {np.median(finals):.3g}" in explorer.readout.value
    assert explorer.band_losses.shape == (20, 120)
    assert explorer.ax.collections and explorer._median_line.get_visible()
    explorer.band.value = False
    assert (
        not explorer.ax.collections
        and not explorer._median_line.get_visible()
        and explorer.band_losses is None
    )


def round_up(value):
    """The first of 1, 2, 3, 5, 10, 20, ... (and 0.5, 0.3, ...) at or above `value`."""
    return min(m * 10.0**k for m in (1, 2, 3, 5) for k in range(-6, 7) if m * 10.0**k >= value)


def test_a_diverged_run_is_reported_at_the_epoch_mlp_fit_stops():
    explorer = nh.TrainingExplorer(lr_max=20.0)
    explorer.epochs.value = 300
    explorer.lr.value = 10.0
    with pytest.raises(nh.TrainingDiverged) as info:
        mlp_losses(0, epochs=300, lr=10.0)
    epoch = int(re.search(r"diverged at epoch (\d+)", str(info.value)).group(1))
    assert (
        f"training diverged at epoch {epoch} (the loss became inf or NaN); try a smaller learning rate"
        in explorer.readout.value
    )
    assert np.all(explorer.losses[epoch:] == np.inf) and np.isfinite(explorer.losses[:epoch]).all()
    assert explorer._marks.get_visible() and explorer._marks.get_xdata().tolist() == [epoch]
    assert np.isnan(
        explorer._curve.get_ydata()[epoch:]
    ).all()  # the line stops where the run diverged
    # the y-range stops at 3x the larger starting loss, rounded up: the explosion leaves the plot
    assert explorer.ax.get_ylim()[1] == pytest.approx(
        round_up(3 * max(explorer.reference[0], explorer.losses[0]))
    )
    legend = [text.get_text() for text in explorer.ax.get_legend().get_texts()]
    assert "diverged (at the top)" in legend
    explorer.lr.value = 0.1
    assert "diverged" not in explorer.readout.value and not explorer._marks.get_visible()


def test_threshold_and_the_chosen_controls():
    explorer = nh.TrainingExplorer(threshold=1e-3, controls=("lr", "band"), epochs=100)
    assert explorer.widget.children[0].children == (explorer.lr, explorer.band)
    losses = mlp_losses(0, epochs=100)
    reached = next(epoch for epoch, value in enumerate(losses) if value <= 1e-3)
    assert f"target loss 0.001: reached after {reached} epochs" in explorer.readout.value
    explorer.lr.value = 0.01
    assert "target loss 0.001: not reached" in explorer.readout.value


def test_another_task_and_depth():
    X, Y = nh.spirals(15, noise=0.1, seed=0)
    explorer = nh.TrainingExplorer(
        X,
        Y,
        depth=2,
        hidden=6,
        loss="cross_entropy",
        epochs=50,
        lr=0.5,
        activation="tanh",
        init="xavier",
        log_loss=False,
    )
    assert explorer.layer_sizes() == [2, 6, 6, 2]
    expected = (
        nh.MLP([2, 6, 6, 2], activation="tanh", init="xavier", seed=0)
        .fit(X, Y, epochs=50, lr=0.5, loss="cross_entropy")
        .losses
    )
    np.testing.assert_allclose(explorer.losses, expected, rtol=1e-9)
    assert (
        "6 hidden units x 2 layers" in explorer.readout.value
        and explorer.ax.get_yscale() == "linear"
    )


@pytest.mark.parametrize(
    "arguments,error,message",
    [
        (dict(X=np.zeros((3, 30))), ValueError, "X and Y must be given together"),
        (dict(lr=50.0), ValueError, r"lr must be from 0.001 to 10 \(the slider's range\), got 50"),
        (dict(init="glorot"), ValueError, "unknown init 'glorot'"),
        (dict(activation="swish"), ValueError, "unknown activation 'swish'"),
        (dict(hidden=0), ValueError, "hidden must be a positive whole number, got 0"),
        (dict(epochs=5), ValueError, r"epochs must be from 10 to 1000"),
        (dict(seed=-1), ValueError, "seed must be a whole number from 0 to max_seed=99, got -1"),
        (dict(controls=("lr", "speed")), ValueError, "controls must be a sequence of names from"),
        (dict(init_scale=1000.0), ValueError, "init_scale must be from 0.01 to 100"),
    ],
)
def test_bad_arguments(arguments, error, message):
    with pytest.raises(error, match=message):
        nh.TrainingExplorer(**arguments)


def test_a_training_error_is_shown_in_the_readout_not_raised(monkeypatch):
    explorer = nh.TrainingExplorer(band=True)
    assert explorer.ax.collections

    def refuse(seeds):
        raise ValueError("y_pred contains inf; every value must be a finite number")

    monkeypatch.setattr(explorer, "_train", refuse)
    explorer.lr.value = 0.2
    assert (
        explorer.readout.value
        == "<code>y_pred contains inf; every value must be a finite number</code>"
    )
    assert (
        explorer.losses is None
        and not explorer._curve.get_visible()
        and not explorer.ax.collections
    )


def test_decision_regions_on_a_2d_task_show_the_network_of_the_current_seed():
    X, Y = nh.spirals(n_per_class=20)
    explorer = nh.TrainingExplorer(X, Y, hidden=8, lr=0.5, epochs=60, loss="cross_entropy")
    assert explorer.regions is not None  # 2 columns: drawn without being asked
    fitted = nh.MLP([2, 8, 2], seed=0)
    fitted.fit(X, Y, epochs=60, lr=0.5, loss="cross_entropy")
    np.testing.assert_allclose(
        explorer.network.predict(X), fitted.predict(X), rtol=1e-12, atol=1e-12
    )
    right = int((fitted.predict(X).argmax(axis=1) == Y.argmax(axis=1)).sum())
    assert explorer.regions.ax.get_title().endswith(f"{right} of 40 points right")
    grid = explorer.regions.grid
    expected = fitted.predict(grid).argmax(axis=1).reshape(explorer.regions.image.get_array().shape)
    np.testing.assert_array_equal(explorer.regions.image.get_array(), expected)
    explorer.seed.value = 3  # redrawn with the curve
    fitted = nh.MLP([2, 8, 2], seed=3)
    fitted.fit(X, Y, epochs=60, lr=0.5, loss="cross_entropy")
    np.testing.assert_allclose(
        explorer.network.predict(X), fitted.predict(X), rtol=1e-12, atol=1e-12
    )
    assert nh.TrainingExplorer(X, Y, epochs=20, loss="cross_entropy", regions=False).regions is None
    assert nh.TrainingExplorer(epochs=20).regions is None  # the letters: 30 inputs, no regions
    with pytest.raises(
        ValueError,
        match=r"regions=True needs a 2-D task, X of shape \(batch, 2\), got shape \(3, 30\)",
    ):
        nh.TrainingExplorer(regions=True)


def test_the_decision_regions_title_labels_and_key_lie_inside_the_picture_apart():
    """Everything of the regions panel is drawn inside the figure (the key once fell below its foot,
    out of the picture), and its key, its x label and the loss axes do not overlap."""
    X, Y = nh.spirals(n_per_class=20)
    explorer = nh.TrainingExplorer(X, Y, hidden=8, lr=0.5, epochs=20, loss="cross_entropy")
    figure, ax = explorer.live.figure, explorer.regions.ax
    renderer = figure.canvas.get_renderer()
    inside = figure.bbox
    parts = {
        "key": ax.get_legend(),
        "title": ax.title,
        "x label": ax.xaxis.label,
        "y label": ax.yaxis.label,
    }
    extents = {name: part.get_window_extent(renderer) for name, part in parts.items()}
    for name, box in extents.items():
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, name
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, name
    assert not extents["key"].overlaps(extents["x label"])
    assert not extents["y label"].overlaps(explorer.ax.get_window_extent(renderer))
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "class 0 (output 0 largest)",
        "class 1 (output 1 largest)",
    ]


def counting_training(monkeypatch):
    """Record (lr, seeds, epochs) of every call to train_networks the explorers make."""
    import nnhelpers.display.training_explorer as module

    calls = []

    def counting(networks, X, Y, *, epochs, lr, loss):
        calls.append((lr, len(networks), epochs))
        return nh.experiments.seeds.train_networks(networks, X, Y, epochs=epochs, lr=lr, loss=loss)

    monkeypatch.setattr(module, "train_networks", counting)
    return calls


def test_settings_seen_before_are_not_trained_again(monkeypatch):
    calls = counting_training(monkeypatch)
    explorer = nh.TrainingExplorer(epochs=40, controls=("lr", "band"))
    explorer.lr.value = 0.3
    explorer.lr.value = 0.1  # the start: trained already
    assert calls == [(0.1, 1, 40), (0.3, 1, 40)]
    explorer.band.value = True  # seed 0 is there: only seeds 1-19 are trained
    assert calls[-1] == (0.1, 19, 40)
    explorer.band.value = False
    explorer.lr.value = 0.3
    assert len(calls) == 3
    expected = mlp_losses(0, epochs=40, lr=0.3)
    assert f"{expected[-1]:.4g} after 40 epochs" in explorer.readout.value


def same_network(got, expected):
    return all(
        np.array_equal(a.weights, b.weights) and np.array_equal(a.biases, b.biases)
        for a, b in zip(got.dense_layers, expected.dense_layers)
    )


def test_more_epochs_train_on_and_fewer_slice_a_longer_run(monkeypatch):
    calls = counting_training(monkeypatch)
    X, Y = nh.spirals(15, noise=0.1, seed=0)
    explorer = nh.TrainingExplorer(
        X,
        Y,
        hidden=6,
        loss="cross_entropy",
        epochs=200,
        max_epochs=600,
        lr=0.5,
        controls=("epochs", "lr"),
    )
    every = explorer.runs.every
    assert every == 20  # 600 epochs saved about 30 times, on the slider's steps of 10

    def fitted(epochs):
        net = nh.MLP([2, 6, 2], seed=0)
        return net, net.fit(X, Y, epochs=epochs, lr=0.5, loss="cross_entropy").losses

    explorer.epochs.value = 350  # trained on from epoch 200, not from 0
    assert sum(epochs for _, _, epochs in calls) == 350
    net, losses = fitted(350)
    assert np.array_equal(explorer.losses, losses) and same_network(explorer.network, net)
    n_calls = len(calls)
    explorer.epochs.value = 250  # a slice; the network from the weights at 240
    assert sum(epochs for _, _, epochs in calls[n_calls:]) == 250 % every
    net, losses = fitted(250)
    assert np.array_equal(explorer.losses, losses) and same_network(explorer.network, net)
    assert "after 250 epochs" in explorer.readout.value
    n_calls = len(calls)
    explorer.epochs.value = 240  # saved: nothing to train
    assert len(calls) == n_calls and same_network(explorer.network, fitted(240)[0])


def test_no_thread_is_started():
    before = threading.active_count()
    explorer = nh.TrainingExplorer(epochs=30, controls=("lr", "band"))
    explorer.lr.value = 0.3
    explorer.band.value = True
    assert threading.active_count() == before


def test_the_title_follows_the_controls():
    explorer = nh.TrainingExplorer(epochs=20, title="Letters, lr {lr:.3g}, {hidden} units")
    assert explorer.ax.get_title() == "Letters, lr 0.1, 8 units"
    before = explorer.image.value
    explorer.lr.value = 0.5
    assert explorer.ax.get_title() == "Letters, lr 0.5, 8 units" and explorer.image.value != before


def test_the_target_line_is_always_in_view():
    explorer = nh.TrainingExplorer(
        epochs=20, lr=0.01, threshold=1e-4
    )  # far below anything 20 epochs reach
    bottom, top = explorer.ax.get_ylim()
    assert explorer.losses.min() > 1e-3 and bottom < 1e-4 < top


def whole_drawing(live):
    """The pixels (RGB) of live's figure drawn whole, as its first refresh draws it: everything but
    the animated artists, then those over it in their order. (LiveFigure keeps its own copy of the
    background: its next refresh starts from that, not from this.)"""
    live.figure.canvas.draw()
    for artist in live.animated:
        live.figure.draw_artist(artist)
    return np.asarray(live.figure.canvas.buffer_rgba())[:, :, :3].copy()


def test_a_redraw_of_only_what_changed_shows_what_a_whole_drawing_shows(monkeypatch):
    """The explorer redraws the curves, band, legend, titles and regions onto a kept background of
    axes and ticks (blitting), and when the loss axes' limits change, draws those axes again onto
    the kept background of the rest; after every kind of change the picture is, pixel for pixel, the
    one a whole new drawing of the figure gives (a kept background that should have been redrawn,
    say after the epochs changed the x-axis, or a tick label left behind, would show)."""
    X, Y = nh.spirals(n_per_class=20)
    explorer = nh.TrainingExplorer(
        X,
        Y,
        hidden=8,
        lr=0.5,
        epochs=60,
        max_epochs=300,
        loss="cross_entropy",
        threshold=0.3,
        n_band_seeds=3,
        controls=("activation", "lr", "epochs", "band"),
    )
    axes_drawn = []
    draw_axes = LiveFigure._draw_axes
    monkeypatch.setattr(
        LiveFigure, "_draw_axes", lambda live: axes_drawn.append(1) or draw_axes(live)
    )
    changes = [
        ("lr", 0.8),
        ("band", True),
        ("activation", "tanh"),
        ("epochs", 120),
        ("lr", 40.0),
        ("band", False),
        ("epochs", 60),
        ("epochs", 300),
    ]
    for name, value in changes:
        getattr(explorer, name).value = value
        shown = np.asarray(PIL.Image.open(io.BytesIO(explorer.image.value)))
        assert np.array_equal(shown, whole_drawing(explorer.live)), f"{name} = {value!r}"
    assert len(axes_drawn) >= 3  # the loss axes alone were drawn again (x- and y-limits changed)


def spirals_explorer(**arguments):
    X, Y = nh.spirals(15, noise=0.1, seed=0)
    settings = dict(
        hidden=6,
        loss="cross_entropy",
        epochs=100,
        max_epochs=600,
        lr=1.0,
        n_band_seeds=3,
        controls=("activation", "lr", "epochs", "band"),
    )
    return X, Y, nh.TrainingExplorer(X, Y, **{**settings, **arguments})


def test_the_settings_one_change_away_come_likeliest_first():
    _, _, explorer = spirals_explorer()
    # the learning-rate slider goes by 0.05 in log10 from log10(0.001) = -3: 1.0 is on its grid
    explorer.lr.value = 10**0.05  # one step up
    ahead = explorer.neighbors()
    # the control changed last comes first: one more step the same way, then back
    assert ahead[:2] == [(explorer.lr, pytest.approx(10**0.1)), (explorer.lr, pytest.approx(1.0))]
    # then the largest number of epochs (the End key: the longest to train when asked for)
    assert ahead[2] == (explorer.epochs, 600)
    # then the other controls in the order shown: every other activation, one step of epochs either
    # way, the band; last the sliders' other ends (the Home and End keys)
    assert ahead[3:] == (
        [(explorer.activation, value) for value in ["leaky_relu", "sigmoid", "tanh", "linear"]]
        + [(explorer.epochs, 110), (explorer.epochs, 90), (explorer.band, True)]
        + [(explorer.lr, pytest.approx(10.0)), (explorer.lr, pytest.approx(0.001))]
        + [(explorer.epochs, 10)]
    )
    explorer.lr.value = 0.5  # off the grid (code can set any value): the next grid points
    assert explorer.neighbors()[:2] == [
        (explorer.lr, pytest.approx(10**-0.35)),
        (explorer.lr, pytest.approx(10**-0.25)),
    ]
    explorer.epochs.value = 90  # down: the next step down comes first
    assert explorer.neighbors()[:2] == [(explorer.epochs, 80), (explorer.epochs, 100)]
    explorer.activation.value = "linear"  # the last option: the next ones wrap round
    options = [value for control, value in explorer.neighbors() if control is explorer.activation]
    assert options == ["relu", "leaky_relu", "sigmoid", "tanh"]


def test_after_a_change_the_next_ones_are_trained_ahead_and_then_shown_without_training(
    monkeypatch,
):
    calls = counting_training(monkeypatch)
    X, Y, explorer = spirals_explorer()
    explorer.lr.value = 10**-0.05
    explorer.work_ahead()  # what the kernel does between messages while the student looks
    assert not explorer._ahead_step()  # nothing is left
    trained = len(calls)
    for name, value in [("lr", 10**-0.1), ("activation", "leaky_relu"), ("band", True)]:
        getattr(explorer, name).value = value
        assert len(calls) == trained, f"{name} = {value}: trained again"
        explorer.work_ahead()
        trained = len(calls)
    explorer.epochs.value = 600  # the End key
    assert len(calls) == trained
    # trained a stretch at a time, the runs are those of MLP.fit, bit for bit (at the rate the
    # explorer keys its runs by: the slider's value to 10 digits)
    lr = float(f"{10**-0.1:.10g}")
    for seed, losses in zip(range(3), explorer.band_losses):
        net = nh.MLP([2, 6, 2], activation="leaky_relu", seed=seed)
        expected = net.fit(X, Y, epochs=600, lr=lr, loss="cross_entropy").losses
        assert np.array_equal(losses, expected)
        if seed == 0:
            assert same_network(explorer.network, net)


def test_the_work_ahead_goes_a_short_stretch_at_a_time(monkeypatch):
    calls = counting_training(monkeypatch)
    _, _, explorer = spirals_explorer()
    explorer.lr.value = 10**0.05
    trained = len(calls)
    assert explorer._ahead_step()  # one stretch: the first of a new run is 10 epochs
    assert calls[trained:] == [(pytest.approx(10**0.1), 1, 10)]


def test_in_the_kernel_the_work_ahead_runs_between_messages_without_a_thread(monkeypatch):
    """In a notebook, a change arrives in the kernel's event loop; the work ahead then goes on as a
    task of that loop, a stretch at a time, and leaves every neighbor trained."""
    calls = counting_training(monkeypatch)
    _, _, explorer = spirals_explorer()
    threads = threading.active_count()

    async def kernel():
        explorer.lr.value = 10**0.05  # as a message from the browser does
        after_change = len(calls)
        task = explorer._task
        assert not task.done()  # the change is drawn; the work ahead has not begun
        await task
        return after_change

    after_change = asyncio.run(kernel())
    assert len(calls) > after_change and not explorer._ahead_step()
    assert threading.active_count() == threads


def test_no_work_ahead_before_the_student_changes_a_control(monkeypatch):
    calls = counting_training(monkeypatch)

    async def kernel():
        spirals_explorer()  # a cell that shows an explorer, as Run All or nbval runs it

    asyncio.run(kernel())
    # the starting settings only (100 epochs, in stretches between the weights it saves)
    assert {(lr, n) for lr, n, _ in calls} == {(1.0, 1)} and sum(e for _, _, e in calls) == 100


def test_a_run_that_cannot_be_trained_ahead_is_skipped(monkeypatch):
    _, _, explorer = spirals_explorer()
    explorer.lr.value = 10**0.05
    trained_ahead = []

    def ahead(control, value):
        if control is explorer.lr:
            raise ValueError("y_pred contains inf")
        trained_ahead.append((control, value))
        return False

    monkeypatch.setattr(explorer, "ahead", ahead)
    explorer.work_ahead()
    assert trained_ahead and all(control is not explorer.lr for control, _ in trained_ahead)


def test_in_a_real_kernel_a_change_starts_the_work_ahead_and_it_ends():
    """The same in an IPython kernel, as JupyterLab starts it: a change of a control (here from a
    cell; a widget message from the browser is handled in the same event loop) starts the work
    ahead as a task of the kernel's loop, which ends with every neighbor trained."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT))
    outputs = []

    def run(code):
        reply = client.execute_interactive(
            code,
            timeout=120,
            output_hook=lambda message: outputs.append(message["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok", (code, outputs)

    try:
        run(
            "import nnhelpers as nh\n"
            "explorer = nh.TrainingExplorer(epochs=30, controls=('lr', 'band'))\n"
            "explorer.lr.value = 0.2"
        )
        run("task = explorer._task\nawait task\nprint(task.done(), explorer._ahead_step())")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "True False" in "".join(outputs)


def test_the_axes_end_on_round_numbers_so_a_small_change_redraws_only_the_curves():
    _, _, explorer = spirals_explorer(epochs=130)
    assert explorer.ax.get_xlim() == (0, 150)  # 130 epochs, up to a multiple of 100 / 4
    bottom, top = explorer.ax.get_ylim()
    assert np.log10(bottom) == round(np.log10(bottom))  # a power of ten
    assert top == pytest.approx(round_up(3 * max(explorer.losses[0], explorer.reference[0])))
    background = explorer.live._background
    explorer.epochs.value = 140
    assert explorer.ax.get_xlim() == (0, 150) and explorer.ax.get_ylim() == (bottom, top)
    assert explorer.live._background is background  # the axes were kept: only the curves drawn
    explorer.epochs.value = 160
    assert explorer.ax.get_xlim() == (0, 175) and explorer.live._background is not background
