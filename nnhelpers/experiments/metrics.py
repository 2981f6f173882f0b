"""Measuring a classifier: accuracy and the confusion matrix.

Labels may be class indices (n,) or one-hot / score rows (n, n_classes), which are read by argmax.
"""

import numpy as np

from ..engine.validation import as_float_array
from ..i18n import _


def class_indices(labels, name="labels"):
    """Class indices (n,) from indices (n,) or from score / one-hot rows (n, n_classes)."""
    labels = as_float_array(labels, name)
    if labels.ndim == 2:
        return labels.argmax(axis=1)
    if labels.ndim == 1 and np.array_equal(labels, np.round(labels)) and (labels >= 0).all():
        return labels.astype(int)
    raise ValueError(
        _(
            "{name} must be class indices (n,) or score rows (n, n_classes), got shape {shape}"
        ).format(name=name, shape=labels.shape)
    )


def accuracy(predicted, actual):
    """The share of examples whose predicted class equals the actual class, a float in [0, 1]."""
    predicted, actual = class_indices(predicted, "predicted"), class_indices(actual, "actual")
    if predicted.shape != actual.shape:
        raise ValueError(
            _(
                "predicted and actual must describe the same number of examples, got {a} and {b}"
            ).format(a=predicted.shape[0], b=actual.shape[0])
        )
    return float(np.mean(predicted == actual))


def confusion_matrix(predicted, actual, n_classes):
    """counts[i, j] = how many examples of actual class i were predicted as class j; (n_classes, n_classes)."""
    predicted, actual = class_indices(predicted, "predicted"), class_indices(actual, "actual")
    if predicted.shape != actual.shape:
        raise ValueError(
            _(
                "predicted and actual must describe the same number of examples, got {a} and {b}"
            ).format(a=predicted.shape[0], b=actual.shape[0])
        )
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (actual, predicted), 1)
    return counts
