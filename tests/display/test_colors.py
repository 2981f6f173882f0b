"""Every set of configurations a lesson plots together is told apart, also by colour-blind readers.

The distance is CIEDE2000 (Sharma, Wu & Dalal 2005), computed here from the formula and checked on
their published test pairs; colour-vision deficiency is simulated with Machado, Oliveira & Fernandes
(2009), severity 1.0, on linear sRGB. Nothing here comes from nnhelpers except the colours under test.
"""

import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.display.colors import LR_COLORS, PLOTTED_TOGETHER

MIN_DISTANCE = (
    10.0  # CIEDE2000: clearly different colours side by side (1 is a just-noticeable step)
)

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def lab(hex_color, simulation):
    """CIELAB (D65) of a '#rrggbb' colour as a reader with this simulated vision sees it."""
    rgb = np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = SRGB_TO_XYZ @ np.clip(SIMULATIONS[simulation] @ linear, 0, 1) / WHITE_D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(lab1, lab2):
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    if c1 * c2 == 0:
        dh, h_mean = 0.0, h1 + h2
    else:
        dh = h2 - h1 if abs(h2 - h1) <= 180 else (h2 - h1 - 360 if h2 > h1 else h2 - h1 + 360)
        h_mean = (
            (h1 + h2) / 2
            if abs(h1 - h2) <= 180
            else ((h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2)
        )
    dL, dC = L2 - L1, c2 - c1
    dH = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    L_mean, c_mean = (L1 + L2) / 2, (c1 + c2) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_L = 1 + 0.015 * (L_mean - 50) ** 2 / math.sqrt(20 + (L_mean - 50) ** 2)
    s_C, s_H = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_T = (
        -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
        * 2
        * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    )
    return math.sqrt(
        (dL / s_L) ** 2 + (dC / s_C) ** 2 + (dH / s_H) ** 2 + r_T * (dC / s_C) * (dH / s_H)
    )


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # Sharma, Wu & Dalal 2005, table 1, pairs 1, 2, 7, 17
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ],
)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_the_simulations_keep_white_and_grey():
    for simulation, matrix in SIMULATIONS.items():
        assert matrix.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5), simulation
        assert ciede2000(lab("#777777", simulation), lab("#777777", "normal vision")) < 0.1


def closest_pair(colors, simulation):
    labs = {label: lab(color, simulation) for label, color in colors.items()}
    return min(
        (ciede2000(labs[a], labs[b]), a, b) for i, a in enumerate(labs) for b in list(labs)[i + 1 :]
    )


@pytest.mark.parametrize("simulation", SIMULATIONS)
@pytest.mark.parametrize("plotted", PLOTTED_TOGETHER)
def test_every_set_plotted_together_is_told_apart(plotted, simulation):
    colors = {label: nh.config_color(label) for label in PLOTTED_TOGETHER[plotted]}
    distance, a, b = closest_pair(colors, simulation)
    assert distance >= MIN_DISTANCE, (
        f"{plotted}, {simulation}: {a} and {b} only {distance:.1f} apart"
    )


@pytest.mark.parametrize("simulation", SIMULATIONS)
def test_all_learning_rate_colours_are_told_apart_and_darker_for_larger_rates(simulation):
    distance, a, b = closest_pair(
        {f"lr {i}": color for i, color in enumerate(LR_COLORS)}, simulation
    )
    assert distance >= MIN_DISTANCE, f"{simulation}: {a} and {b} only {distance:.1f} apart"
    lightness = [lab(color, "normal vision")[0] for color in LR_COLORS]
    assert lightness == sorted(lightness, reverse=True)


def test_rates_take_the_colour_of_the_nearest_half_decade():
    assert nh.config_color("lr 0.3") == nh.config_color("lr 0.316") == LR_COLORS[5]
    assert nh.config_color("lr 1") == LR_COLORS[6] and nh.config_color("lr=10") == LR_COLORS[8]
    assert nh.config_color("lr 1e-9") == LR_COLORS[0] and nh.config_color("lr 1e9") == LR_COLORS[-1]


def test_the_lessons_sets_are_the_labels_they_plot():
    # lesson 06 labels its rates f"lr {lr:.3g}" over np.logspace(-3, 1, 9) and np.logspace(-1, 1, 5)
    assert PLOTTED_TOGETHER["06 nine rates"] == [f"lr {lr:.3g}" for lr in np.logspace(-3, 1, 9)]
    assert PLOTTED_TOGETHER["06 spirals"] == [f"lr {lr:.3g}" for lr in np.logspace(-1, 1, 5)]
    assert nh.config_color("He") == nh.config_color("he") and nh.config_color(
        "he × 2"
    ) == nh.config_color("he x 2")
