"""Issue 14: held-out noisy letters, networks back from run_seeds, one colour per configuration."""

import numpy as np
import pytest

import nnhelpers as nh


def test_noisy_letters_with_a_flip_rate_flips_each_pixel_independently():
    X, Y = nh.noisy_letters(4000, rate=0.1, seed=3)
    templates, _, _ = nh.letters()
    flipped = X != templates[Y.argmax(axis=1)]
    assert X.shape == (12000, 30) and set(np.unique(X)) <= {0.0, 1.0}
    assert flipped.mean() == pytest.approx(0.1, abs=0.003)  # 360,000 pixels: sd 0.0005
    counts = np.bincount(flipped.sum(axis=1), minlength=31)
    assert counts[0] > 0 and counts[6] > 0  # not exactly 3 per drawing
    assert flipped.mean(axis=0).std() < 0.01  # every pixel alike
    assert np.array_equal(
        nh.noisy_letters(5, rate=0.1, seed=1)[0], nh.noisy_letters(5, rate=0.1, seed=1)[0]
    )


@pytest.mark.parametrize(
    "kwargs,error,message",
    [
        (dict(), TypeError, "exactly one of flips"),
        (dict(flips=3, rate=0.1), TypeError, "exactly one of flips"),
        (dict(rate=0.7), ValueError, "rate must be a probability per pixel from 0 to 0.5, got 0.7"),
        (dict(rate="x"), TypeError, "rate must be a number or an array of numbers, got str .x."),
    ],
)
def test_noisy_letters_says_what_is_wrong(kwargs, error, message):
    with pytest.raises(error, match=message):
        nh.noisy_letters(3, **kwargs)


def test_nearest_template_is_a_linear_rule():
    X, _ = nh.noisy_letters(50, rate=0.2, seed=4)
    templates, _, _ = nh.letters()
    scores = -(
        templates.sum(axis=1) + X @ (1 - 2 * templates).T
    )  # minus the Hamming distance, linear in X
    hamming = (X[:, None, :] != templates[None]).sum(axis=2)
    assert np.array_equal(-scores, hamming)
    assert np.array_equal(scores.argmax(axis=1), nh.nearest_template(X))


def test_run_seeds_hands_back_the_trained_networks():
    X, Y, _ = nh.letters()
    losses, nets = nh.run_seeds([30, 8, 3], X, Y, range(3), epochs=40, lr=0.1, return_networks=True)
    for seed, net in enumerate(nets):
        alone = nh.MLP([30, 8, 3], seed=seed)
        history = alone.fit(X, Y, epochs=40, lr=0.1)
        assert np.array_equal(losses[seed], history.losses)
        assert np.array_equal(net.predict(X), alone.predict(X))
    deep = [30] + [32] * 8 + [3]  # lesson 05: uniform [-1, 1] explodes here in every seed
    losses, nets = nh.run_seeds(
        deep, X, Y, range(2), epochs=10, lr=0.05, init="uniform", return_networks=True
    )
    assert np.isinf(losses[:, -1]).all() and nets == [None, None]  # diverged runs have no network


def test_one_colour_per_configuration():
    assert nh.config_color("he") == nh.config_color("He") == "#d55e00"
    # distinct within each set a lesson plots together (tests/display/test_colors.py checks how far apart)
    for named in (
        ["zeros", "constant 0.5", "normal 0.01", "uniform [-1, 1]", "xavier", "he"],
        ["relu", "leaky_relu", "tanh + xavier", "tanh + he", "sigmoid"],
    ):
        assert len({nh.config_color(label) for label in named}) == len(named)
    assert nh.config_color("some new label") == nh.config_color("some new label")
    rates = [nh.config_color(f"lr {lr:g}") for lr in (0.001, 0.01, 0.1, 1, 10)]
    assert len(set(rates)) == 5


def test_plots_use_the_configuration_colours():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X, Y, _ = nh.letters()
    runs = {
        "xavier": nh.run_seeds([30, 8, 3], X, Y, range(3), epochs=30, lr=0.1, init="xavier"),
        "he": nh.run_seeds([30, 8, 3], X, Y, range(3), epochs=30, lr=0.1),
    }
    for draw in (lambda: nh.plot_bands(runs), lambda: nh.plot_reached(runs, threshold=0.05)):
        ax = draw()
        colours = {
            line.get_label().split(" (")[0]: matplotlib.colors.to_hex(line.get_color())
            for line in ax.get_lines()
            if not line.get_label().startswith("_")
        }
        assert colours["he"] == "#d55e00" and colours["xavier"] == nh.config_color("xavier")
        plt.close(ax.figure)
