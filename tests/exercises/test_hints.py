"""Hints of the lessons not yet declared in nnhelpers.exercises (lessons 03-08): nh.hint finds them,
one at a time; their self-checks add the next one from the third failure in a row. (The declared
exercises' hints: tests/test_exercises.py.)"""

import pytest

import nnhelpers as nh
from nnhelpers.checks import CheckFailed, hints
from nnhelpers.exercises import hints as declared_hints


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch):
    monkeypatch.setattr(hints, "_given", {})
    monkeypatch.setattr(hints, "_failures", {})
    monkeypatch.setattr(declared_hints, "_lesson", [])


def test_every_self_check_has_hints_and_every_hint_a_self_check():
    checks = {name.removeprefix("check_") for name in dir(nh.checks) if name.startswith("check_")}
    assert checks == set(hints.HINTS) and not checks & {ex.name for ex in nh.exercises.exercises()}
    assert set(hints.HINTS) == set(declared_hints.undeclared)
    assert all(len(given) >= 2 for given in hints.HINTS.values())


def test_hints_come_one_at_a_time_and_the_last_one_repeats(capsys):
    for _ in range(4):
        nh.hint("update_parameters")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Hint 1 of 3 for update_parameters",
        "Hint 2 of 3 for update_parameters",
        "Hint 3 of 3 for update_parameters",
        "Hint 3 of 3 for update_parameters",
    ]
    assert hints.HINTS["update_parameters"][1] in lines[1]
    assert "last hint" in lines[3]


def test_a_hint_is_asked_for_by_name_and_an_unknown_name_says_so():
    assert hints.next_hint("check_update_parameters").startswith(
        "Hint 1 of 3 for update_parameters"
    )
    with pytest.raises(ValueError, match="no exercise called 'update_parameterz'"):
        nh.hint("update_parameterz")


def test_the_third_failure_in_a_row_adds_the_next_hint_and_a_pass_starts_again():
    def wrong(params, grads, lr):
        return dict(params)

    def right(params, grads, lr):
        for name in params:
            params[name] -= lr * grads[name]

    messages = []
    for _ in range(4):
        with pytest.raises(CheckFailed) as failure:
            nh.check_update_parameters(wrong)
        messages.append(str(failure.value))
    assert "Hint" not in messages[0] and "Hint" not in messages[1]
    assert hints.HINTS["update_parameters"][0] in messages[2] and "Hint 1 of 3" in messages[2]
    assert "Hint 2 of 3" in messages[3]
    nh.check_update_parameters(right)  # a pass resets the count
    with pytest.raises(CheckFailed) as failure:
        nh.check_update_parameters(wrong)
    assert "Hint" not in str(failure.value)
