import numpy as np
import pytest

import nnhelpers as nh


def test_neuron_explorer_redraws_on_slider_change():
    X, y, _ = nh.spam_emails()
    explorer = nh.NeuronExplorer(X[:, 0], y, feature="links", w=1.0, b=0.0)
    first_image, first_text = explorer.live.image.value, explorer.readout.value
    assert first_image[:8] == b"\x89PNG\r\n\x1a\n"
    explorer.b.value = -2.1
    explorer.w.value = 0.6
    assert explorer.live.image.value != first_image
    assert explorer.readout.value != first_text
    # threshold -b / w = 2.1 / 0.6 = 3.5; accuracy counted independently here
    accuracy = np.mean(((0.6 * X[:, 0] - 2.1) > 0) == (y == 1))
    assert "p = σ(0.60 · links - 2.10); p > 0.5 when links > 3.50" in explorer.readout.value
    assert f"classified correctly: {accuracy:.0%}" in explorer.readout.value


def test_neuron_explorer_with_zero_weight_and_without_data():
    explorer = nh.NeuronExplorer(w=0.0, b=1.0)
    assert "with w = 0 the input has no effect" in explorer.readout.value
    assert "classified" not in explorer.readout.value


def test_neuron_explorer_bad_data():
    with pytest.raises(ValueError, match="x and y must be given together"):
        nh.NeuronExplorer(np.arange(3.0), None)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_training(lr):
    net = nh.MLP(
        [2, 2, 1], activation="sigmoid", output_activation="sigmoid", init="uniform", seed=0
    )
    return net.fit(XOR_X, XOR_Y, epochs=1000, lr=lr, loss="half_sse").losses, net


def lesson_03_explorer():
    """Lesson 03's explorer: the 2-2-1 sigmoid network on XOR, only the learning rate to change."""
    return nh.TrainingExplorer(
        XOR_X,
        XOR_Y,
        hidden=2,
        activation="sigmoid",
        output_activation="sigmoid",
        init="uniform",
        loss="half_sse",
        epochs=1000,
        lr=1.0,
        lr_min=0.01,
        lr_max=100.0,
        log_loss=False,
        controls=("lr",),
        title="XOR with a 2-2-1 network",
    )


def test_the_xor_explorer_draws_the_decision_regions_of_the_trained_network():
    explorer = lesson_03_explorer()
    losses, net = xor_training(1.0)
    np.testing.assert_allclose(explorer.losses, losses, rtol=1e-12)
    np.testing.assert_allclose(explorer.network.predict(XOR_X), net.predict(XOR_X), rtol=1e-12)
    # at lr 1 this run learns XOR (loss near 0): the four corners are classified right, and the raster
    # agrees with the network at the corners of the plane (next to the four points)
    assert explorer.regions.ax.get_title().endswith("4 of 4 points right")
    raster = explorer.regions.image.get_array()
    corners = [
        raster[0, 0],
        raster[-1, 0],
        raster[0, -1],
        raster[-1, -1],
    ]  # (0,0), (0,1), (1,0), (1,1)
    assert corners == [0, 1, 1, 0]
    before = explorer.live.image.value
    explorer.lr.value = 10.0  # stuck on a flat region: not every point right
    assert not explorer.regions.ax.get_title().endswith("4 of 4 points right")
    assert explorer.live.image.value != before
    assert f"{xor_training(10.0)[0][-1]:.4g} after 1000 epochs" in explorer.readout.value
