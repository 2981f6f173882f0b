import time

import numpy as np
import pytest

import nnhelpers as nh


def test_neuron_explorer_redraws_on_slider_change():
    X, y, _ = nh.spam_emails()
    explorer = nh.NeuronExplorer(X[:, 0], y, feature="links", w=1.0, b=0.0)
    first_image, first_text = explorer.live.image.value, explorer.equation.value
    assert first_image[:8] == b"\x89PNG\r\n\x1a\n"
    explorer.b.value = -2.1
    explorer.w.value = 0.6
    assert explorer.live.image.value != first_image
    assert explorer.equation.value != first_text
    # threshold -b / w = 2.1 / 0.6 = 3.5; accuracy counted independently here
    accuracy = np.mean(((0.6 * X[:, 0] - 2.1) > 0) == (y == 1))
    assert "p = σ(0.60 · links - 2.10); p > 0.5 when links > 3.50" in explorer.equation.value
    assert f"classified correctly: {accuracy:.0%}" in explorer.equation.value


def test_neuron_explorer_with_zero_weight_and_without_data():
    explorer = nh.NeuronExplorer(w=0.0, b=1.0)
    assert "with w = 0 the input has no effect" in explorer.equation.value
    assert "classified" not in explorer.equation.value


def test_neuron_explorer_bad_data():
    with pytest.raises(ValueError, match="x and y must be given together"):
        nh.NeuronExplorer(np.arange(3.0), None)


def test_learning_rate_explorer_retrains_and_reports_divergence():
    X, Y, _ = nh.letters()
    calls = []

    def train(lr):
        calls.append(lr)
        return nh.MLP([30, 4, 3], seed=0).fit(X, Y, epochs=50, lr=lr).losses

    explorer = nh.LearningRateExplorer(train, lr=0.1, lr_min=0.01, lr_max=1000.0, prefetch=False)
    first = explorer.live.image.value
    explorer.lr.value = 0.5
    assert calls[-1] == pytest.approx(0.5)
    assert explorer.live.image.value != first
    expected_last = nh.MLP([30, 4, 3], seed=0).fit(X, Y, epochs=50, lr=0.5).losses[-1]
    assert f"after 50 epochs" in explorer.readout.value and f"{expected_last:.4g}" in explorer.readout.value
    explorer.lr.value = 100.0
    assert "(the loss grew: the learning rate is too large)" in explorer.readout.value
    assert explorer.ax.get_ylim()[1] == pytest.approx(3 * explorer.reference[0])   # the explosion leaves the plot


def test_learning_rate_explorer_shows_a_diverged_run():
    X, Y, _ = nh.letters()
    explorer = nh.LearningRateExplorer(lambda lr: nh.MLP([30, 4, 3], seed=0).fit(X, Y, epochs=300, lr=lr).losses,
                                       lr=0.1, lr_min=0.01, lr_max=1000.0)
    explorer.lr.value = 1000.0
    assert "training diverged at epoch" in explorer.readout.value and "Try a smaller learning rate" in explorer.readout.value
    assert not explorer.curve.get_visible()


def test_learning_rate_explorer_bad_arguments():
    with pytest.raises(TypeError, match="train must be a function lr -> list of losses"):
        nh.LearningRateExplorer([1, 2])
    with pytest.raises(ValueError, match="need 0 < lr_min <= lr <= lr_max, got lr_min=1, lr=0.1, lr_max=10"):
        nh.LearningRateExplorer(lambda lr: [1.0], lr=0.1, lr_min=1, lr_max=10)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_training(lr):
    net = nh.MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid", init="uniform", seed=0)
    return net.fit(XOR_X, XOR_Y, epochs=1000, lr=lr, loss="half_sse").losses, net


def test_learning_rate_explorer_draws_the_decision_regions_of_the_trained_network():
    explorer = nh.LearningRateExplorer(xor_training, lr=1.0, lr_min=0.01, lr_max=100.0, log_loss=False,
                                       X=XOR_X, Y=XOR_Y, prefetch=False)
    # at lr 1 this run learns XOR (loss near 0): the four corners are classified right, and the raster
    # agrees with the network at the corners of the plane (next to the four points)
    assert explorer.regions.ax.get_title().endswith("4 of 4 points right")
    raster = explorer.regions.image.get_array()
    corners = [raster[0, 0], raster[-1, 0], raster[0, -1], raster[-1, -1]]   # (0,0), (0,1), (1,0), (1,1)
    assert corners == [0, 1, 1, 0]
    before = explorer.live.image.value
    explorer.lr.value = 10.0                      # stuck on a flat region: not every point right
    assert not explorer.regions.ax.get_title().endswith("4 of 4 points right")
    assert explorer.live.image.value != before


def test_learning_rate_explorer_trains_each_rate_once_and_ahead():
    calls = []

    def train(lr):
        calls.append(round(lr, 6))
        return xor_training(lr)

    explorer = nh.LearningRateExplorer(train, lr=1.0, lr_min=0.01, lr_max=100.0, X=XOR_X, Y=XOR_Y)
    time.sleep(0.3)
    assert calls == [1.0], "trained ahead while the notebook merely ran (no student has moved the slider)"
    one_step_up = float(10 ** explorer.lr.step)
    two_steps_up = float(10 ** (2 * explorer.lr.step))
    explorer.lr.value = one_step_up               # a student moves the slider: from now on, train ahead
    deadline = time.monotonic() + 60
    while round(two_steps_up, 6) not in calls and time.monotonic() < deadline:   # in the background
        time.sleep(0.01)
    assert round(two_steps_up, 6) in calls
    explorer.lr.value = two_steps_up
    explorer.lr.value = 1.0
    time.sleep(0.5)
    for rate in (1.0, one_step_up, two_steps_up):
        assert calls.count(round(rate, 6)) == 1, calls
    expected = xor_training(1.0)[0]
    assert f"{expected[-1]:.4g} after 1000 epochs" in explorer.readout.value


def test_learning_rate_explorer_regions_need_both_points_and_targets():
    with pytest.raises(ValueError, match="X and Y .* must be given together, got only X"):
        nh.LearningRateExplorer(xor_training, lr=1.0, X=XOR_X)
    with pytest.raises(ValueError, match=r"decision regions need 2-D inputs, X of shape \(batch, 2\), got shape \(4, 3\)"):
        nh.LearningRateExplorer(xor_training, lr=1.0, X=np.zeros((4, 3)), Y=XOR_Y)
