import numpy as np

import nnhelpers as nh

# Typed in again from shared/seeds/README.md, independently of nnhelpers/data.py.
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
    assert X[0].reshape(5, 6)[2].tolist() == [1.0] * 6        # the bar of the a


def test_letters_returns_fresh_arrays():
    X, _, _ = nh.letters()
    X[:] = 0
    assert nh.letters()[0].sum() == 14 + 16 + 11   # ink pixels of a, b, c, counted by hand
