"""Hints: nh.hint gives the next one for an exercise; a self-check that fails three times in a row adds it."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import hints
from nnhelpers.checks import CheckFailed


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch):
    monkeypatch.setattr(hints, "_given", {})
    monkeypatch.setattr(hints, "_failures", {})


def test_every_self_check_has_hints_and_every_hint_a_self_check():
    checks = {name.removeprefix("check_") for name in dir(nh.checks) if name.startswith("check_")}
    assert checks == set(hints.HINTS)
    assert all(len(given) >= 2 for given in hints.HINTS.values())


def test_hints_come_one_at_a_time_and_the_last_one_repeats(capsys):
    for _ in range(4):
        nh.hint("dense_forward")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Hint 1 of 3 for dense_forward", "Hint 2 of 3 for dense_forward",
        "Hint 3 of 3 for dense_forward", "Hint 3 of 3 for dense_forward"]
    assert hints.HINTS["dense_forward"][1] in lines[1]
    assert "last hint" in lines[3]


def test_a_hint_is_asked_for_by_name_or_with_the_function():
    def sigmoid(z):
        raise NotImplementedError()
    assert hints.next_hint(sigmoid).startswith("Hint 1 of 3 for sigmoid")
    assert hints.next_hint("check_sigmoid").startswith("Hint 2 of 3 for sigmoid")
    with pytest.raises(ValueError, match="exercise should be one of .*got 'sigmoidd'"):
        nh.hint("sigmoidd")
    with pytest.raises(TypeError, match="got int"):
        nh.hint(3)


def test_the_third_failure_in_a_row_adds_the_next_hint_and_a_pass_starts_again():
    def wrong(z):
        return z

    messages = []
    for _ in range(4):
        with pytest.raises(CheckFailed) as failure:
            nh.check_sigmoid(wrong)
        messages.append(str(failure.value))
    assert "Hint" not in messages[0] and "Hint" not in messages[1]
    assert hints.HINTS["sigmoid"][0] in messages[2] and "Hint 1 of 3" in messages[2]
    assert messages[2].endswith("nh.hint('sigmoid') gives the next hint.)")
    assert "Hint 2 of 3" in messages[3]
    nh.check_sigmoid(lambda z: 1 / (1 + np.exp(-z)))       # a pass resets the count
    with pytest.raises(CheckFailed) as failure:
        nh.check_sigmoid(wrong)
    assert "Hint" not in str(failure.value)
