"""Optional: the same numbers as PyTorch, when PyTorch happens to be installed (never required)."""
import numpy as np
import pytest

import nnhelpers as nh

torch = pytest.importorskip("torch")


def test_mse_and_cross_entropy_match_torch():
    rng = np.random.default_rng(0)
    logits, labels = rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)
    Y = np.eye(3)[labels]
    t_logits = torch.tensor(logits, requires_grad=True)
    ce = torch.nn.functional.cross_entropy(t_logits, torch.tensor(labels))
    ce.backward()
    assert nh.loss("cross_entropy").value(logits, Y) == pytest.approx(ce.item(), rel=1e-12)
    np.testing.assert_allclose(nh.loss("cross_entropy").gradient(logits, Y), t_logits.grad.numpy(), rtol=1e-10)
    mse = torch.nn.functional.mse_loss(torch.tensor(logits), torch.tensor(Y))
    assert nh.loss("mse").value(logits, Y) == pytest.approx(mse.item(), rel=1e-12)
