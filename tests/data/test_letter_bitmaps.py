import numpy as np

import nnhelpers as nh

# Typed in again from shared/seeds/README.md, independently of nnhelpers/data/letter_bitmaps.py.
EXPECTED = {
    "a": "001100 010010 111111 100001 100001",
    "b": "011110 010010 011110 010010 011110",
    "c": "011110 010000 010000 010000 011110",
}


def test_letters():
    X, Y, names = nh.letters()
    assert names == ["a", "b", "c"]
    assert X.shape == (3, 30) and X.dtype == np.float64
    np.testing.assert_array_equal(Y, np.eye(3))
    for row, name in zip(X, names):
        assert "".join(str(int(p)) for p in row) == EXPECTED[name].replace(" ", "")
    assert X[0].reshape(5, 6)[2].tolist() == [1.0] * 6  # the bar of the a


def test_letters_returns_fresh_arrays():
    X, _, _ = nh.letters()
    X[:] = 0
    assert nh.letters()[0].sum() == 14 + 16 + 11  # ink pixels of a, b, c, counted by hand


def test_noisy_letters_flip_exactly_the_asked_number_of_distinct_pixels():
    templates, _, _ = nh.letters()
    for flips in (0, 1, 3, 5, 30):
        X, Y = nh.noisy_letters(50, flips, seed=flips)
        assert X.shape == (150, 30) and Y.shape == (150, 3)
        np.testing.assert_array_equal(Y.argmax(axis=1), np.repeat([0, 1, 2], 50))
        source = templates[Y.argmax(axis=1)]
        assert ((X != source).sum(axis=1) == flips).all()
        assert set(np.unique(X)) <= {0.0, 1.0}
    a, _ = nh.noisy_letters(10, 3, seed=7)
    b, _ = nh.noisy_letters(10, 3, seed=7)
    c, _ = nh.noisy_letters(10, 3, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_noisy_letters_bad_arguments():
    import pytest

    with pytest.raises(ValueError, match="flips must be a whole number from 0 to 30, got 31"):
        nh.noisy_letters(5, 31)
    with pytest.raises(ValueError, match="n_per_class must be a positive whole number, got 0"):
        nh.noisy_letters(0, 1)


def test_nearest_template_and_the_claims_of_lesson_04():
    templates, Y, _ = nh.letters()
    np.testing.assert_array_equal(nh.nearest_template(templates), [0, 1, 2])
    # b and c differ in 5 pixels: a b with 3 of those 5 flipped is closer to c (distance 2) than to b (3).
    b_to_c = np.flatnonzero(templates[1] != templates[2])
    assert len(b_to_c) == 5
    x = templates[1].copy()
    x[b_to_c[:3]] = 1 - x[b_to_c[:3]]
    assert nh.nearest_template(x[None])[0] == 2
    # With exactly k <= 5 flips, only the true letter is at distance exactly k (the lesson's "subtlety").
    for k in range(6):
        X, Yk = nh.noisy_letters(500, k, seed=k)
        at_k = np.abs(X[:, None, :] - templates[None]).sum(axis=2) == k
        assert (at_k.sum(axis=1) == 1).all() and (at_k.argmax(axis=1) == Yk.argmax(axis=1)).all()


def test_accuracy_and_confusion_matrix_by_hand():
    import pytest

    predicted, actual = np.array([0, 1, 1, 2, 2, 2]), np.array([0, 1, 2, 2, 2, 0])
    assert nh.accuracy(predicted, actual) == 4 / 6
    assert nh.accuracy(np.eye(3)[predicted], np.eye(3)[actual]) == 4 / 6  # one-hot rows work too
    np.testing.assert_array_equal(
        nh.confusion_matrix(predicted, actual, 3), [[1, 0, 1], [0, 1, 0], [0, 1, 2]]
    )
    with pytest.raises(
        ValueError,
        match="predicted and actual must describe the same number of examples, got 2 and 3",
    ):
        nh.accuracy([0, 1], [0, 1, 2])
