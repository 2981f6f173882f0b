"""The trusted side of grading on its own: the recorder's file, the comparison, the results-file guards.

Reference values here are computed independently (math, plain loops), not with the code under test.
"""
import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers import answers
from nnhelpers.probes import PROBES, probe_rng

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("trusted_scores", ROOT / "tools" / "trusted_scores.py")
trusted = importlib.util.module_from_spec(spec)
spec.loader.exec_module(trusted)

SEED = 1234


class AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.fixture
def grading(tmp_path, monkeypatch):
    """A grading run in tmp_path with SEED; returns a function that reads back the recorded answers."""
    monkeypatch.setenv(answers.SEED_VARIABLE, str(SEED))
    monkeypatch.setattr(answers, "_RESULTS", tmp_path / answers.RESULTS_FILE)
    return lambda: trusted.load_answers(tmp_path / answers.RESULTS_FILE, SEED)


def math_sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def loop_gradient_step(w, b, X, y, lr):
    """One gradient step of a sigmoid neuron with mean cross-entropy, in plain Python loops."""
    n, k = len(X), len(w)
    dz = [(math_sigmoid(sum(X[i][j] * w[j] for j in range(k)) + b) - y[i]) / n for i in range(n)]
    return [w[j] - lr * sum(X[i][j] * dz[i] for i in range(n)) for j in range(k)], b - lr * sum(dz)


def test_right_answers_score_and_wrong_ones_are_named(grading):
    nh.record_answer("check_sigmoid", lambda z: 1.0 / (1.0 + np.exp(-z)))
    nh.record_answer("check_relu", np.abs)
    got, problem = grading()
    assert problem is None and set(got) == {"check_sigmoid", "check_relu"}
    number, array = PROBES["check_sigmoid"].inputs(probe_rng(SEED, "check_sigmoid"))
    assert got["check_sigmoid"]["number"] == pytest.approx(math_sigmoid(number), rel=1e-12)
    assert got["check_sigmoid"]["array"] == [[pytest.approx(math_sigmoid(v), rel=1e-12) for v in row]
                                             for row in array.tolist()]
    assert trusted.judge("check_sigmoid", got, {}, SEED) == (True, "right")
    right, reason = trusted.judge("check_relu", got, {}, SEED)
    assert not right and reason.startswith("the answer[") and "expected 0" in reason


def test_gradient_step_matches_a_plain_loop_computation(grading):
    i = PROBES["check_gradient_step"].inputs(probe_rng(SEED, "check_gradient_step"))
    w, b = loop_gradient_step(i["weights"].tolist(), i["bias"], i["X"].tolist(), i["y"].tolist(), i["lr"])
    assert trusted.judge("check_gradient_step", {"check_gradient_step": [w, b]}, {}, SEED) == (True, "right")
    uphill = [2 * i["weights"][j] - w[j] for j in range(3)]
    assert not trusted.judge("check_gradient_step", {"check_gradient_step": [uphill, b]}, {}, SEED)[0]
    assert not trusted.judge("check_gradient_step", {"check_gradient_step": [w, [b]]}, {}, SEED)[0]


def test_a_string_with_a_fake_eq_is_recorded_as_its_letters(grading):
    nh.record_answer("check_answer_bias", AlwaysEqual("a"))
    got, _ = grading()
    assert type(got["check_answer_bias"]) is str and got["check_answer_bias"] == "a"
    assert trusted.judge("check_answer_bias", got, {"check_answer_bias": "b"}, SEED) == (
        False, "the answer is 'a', expected 'b'")
    assert trusted.compare(AlwaysEqual("a"), "b", 0, 0) is not None   # even unconverted, not trusted


def test_numbers_must_be_plain_finite_and_of_the_right_structure():
    assert trusted.compare([1.0, 2.0], [1.0, 2.0 + 1e-9], 1e-6, 1e-9) is None
    assert trusted.compare(True, 1.0, 1e-6, 1e-9) == "the answer is bool True, expected a number"
    assert trusted.compare(None, 1.0, 1e-6, 1e-9) == "the answer is NoneType None, expected a number"
    assert trusted.compare([1.0], [1.0, 2.0], 1e-6, 1e-9) == "the answer has 1 entries, expected 2"
    assert trusted.compare({"a": 1.0}, {"a": 1.0, "b": 2.0}, 1e-6, 1e-9) == "the answer has no key 'b'"
    assert trusted.compare(float("nan"), 1.0, 1e-6, 1e-9) == "the answer is nan, expected 1"


def test_a_recorded_answer_of_another_seed_does_not_count(grading, monkeypatch):
    nh.record_answer("check_sigmoid", lambda z: 1.0 / (1.0 + np.exp(-z)))
    monkeypatch.setenv(answers.SEED_VARIABLE, str(SEED + 1))
    nh.record_answer("check_relu", lambda z: np.maximum(z, 0))   # starts the file afresh
    got, problem = trusted.load_answers(answers._RESULTS, SEED + 1)
    assert problem is None and list(got) == ["check_relu"]
    assert trusted.load_answers(answers._RESULTS, SEED) == (
        {}, f"results file is for seed {SEED + 1}, not this run's: ignored")


@pytest.mark.parametrize("content,reason", [
    (b"junk", "results file unreadable (JSONDecodeError): ignored"),
    (b"[1, 2]", "results file is not {'seed': ..., 'answers': {...}}: ignored"),
    (b'{"seed": 1234, "answers": [1]}', "results file is not {'seed': ..., 'answers': {...}}: ignored"),
    (b"[" * 100_000 + b"]" * 100_000, "results file unreadable (RecursionError): ignored"),
    (b" " * 1_000_001, "results file is more than 1000000 bytes: ignored"),
])
def test_a_bad_results_file_gives_no_answers_and_a_reason(tmp_path, content, reason):
    path = tmp_path / "results.json"
    path.write_bytes(content)
    assert trusted.load_answers(path, SEED) == ({}, reason)


def test_a_results_file_that_is_a_link_is_not_followed(tmp_path):
    # The kernel could point it at a file only the grader may read.
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"seed": SEED, "answers": {"check_sigmoid": [0.5]}}))
    (tmp_path / "results.json").symlink_to(secret)
    answers, reason = trusted.load_answers(tmp_path / "results.json", SEED)
    assert answers == {} and reason == "results file unreadable (OSError): ignored"


def test_no_results_file_and_no_grading_seed(tmp_path, monkeypatch):
    assert trusted.load_answers(tmp_path / "missing.json", SEED) == (
        {}, "no results file: no graded test cell recorded an answer")
    monkeypatch.delenv(answers.SEED_VARIABLE, raising=False)
    monkeypatch.setattr(answers, "_RESULTS", tmp_path / answers.RESULTS_FILE)
    nh.record_answer("check_sigmoid", lambda z: 1.0 / (1.0 + np.exp(-z)))   # runs, writes nothing
    assert not (tmp_path / answers.RESULTS_FILE).exists()


def test_answer_keys_come_from_the_instructor_hidden_tests_only():
    keys = trusted.answer_keys(ROOT / "notebooks" / "01_single_neuron.ipynb")
    assert keys == {"check_answer_bias": "b", "check_answer_init": "c"}
    assert "correct=" not in (ROOT / "notebooks" / "01_single_neuron.ipynb").read_text()


import submissions  # noqa: E402,F401  (puts the repository on sys.path, for tools.grading)
from tools.grading.release import check_release, stage  # noqa: E402


@pytest.mark.parametrize("source,refused", [
    ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"}, correct="b", explanations={"a": "", "b": ""})', True),
    ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"},\n    correct = "b")', True),
    ("nh.record_answer('check_answer_q', answer_q)\n# ANSWER KEY: b", True),
    ("# ANSWER WHY a: because", True),
    ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"}, correct="b", explanations={"a": "", "b": ""},\n'
     '              practice=True)', False),
    ('quiz = nh.Quiz("Q?", {"a": "x", "b": "y"})', False),
])
def test_make_release_refuses_a_copy_that_holds_an_answer_key(tmp_path, source, refused):
    import nbformat
    path = tmp_path / "release" / "99_x" / "99_x.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    if refused:
        with pytest.raises(SystemExit, match=r"99_x.ipynb is not safe to hand out: an answer key in cell"):
            check_release(tmp_path, "99_x")
    else:
        assert check_release(tmp_path, "99_x") == path


def test_staging_strips_every_answer_line(tmp_path):
    stage(tmp_path, [ROOT / "notebooks" / "01_single_neuron.ipynb"])
    text = (tmp_path / "source" / "01_single_neuron" / "01_single_neuron.ipynb").read_text()
    assert "nh.record_answer(\\\"check_answer_bias\\\", answer_bias)" in text
    assert "# ANSWER" not in text and "ANSWER KEY" in (ROOT / "notebooks" / "01_single_neuron.ipynb").read_text()
