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
