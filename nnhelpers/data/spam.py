"""spam_emails(): a toy spam data set with three named features, made in code (nothing is downloaded)."""

import numpy as np

from ..engine.validation import check_positive_int

SPAM_FEATURES = ["links", "money_words", "known_sender"]


def spam_emails(n=200, seed=0):
    """A toy spam data set: X (n, 3) features, y (n,) labels (1 = spam), and the feature names.

    Features: number of links (0-8), number of money words such as "free" or "win" (0-6),
    and known_sender (1 if the sender is in the address book, else 0). Labels are drawn from a
    logistic model, so a single sigmoid neuron can learn them but not perfectly (some noise).
    """
    n = check_positive_int(n, "n")
    rng = np.random.default_rng(seed)
    links = rng.integers(0, 9, size=n).astype(float)
    money = rng.integers(0, 7, size=n).astype(float)
    known = (rng.random(n) < 0.5).astype(float)
    z = 0.9 * links + 0.8 * money - 3.0 * known - 4.0
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(float)
    return np.column_stack([links, money, known]), y, list(SPAM_FEATURES)
