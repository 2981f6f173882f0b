"""Points decided outside the student's kernel: compare recorded answers with trusted reference values.

    score_submission(lesson, autograded_notebook, results_file, gradebook_path, student_id, seed)
        -> [(grade_id, points, max_points, reason), ...]

After nbgrader ran a submission, the hidden part of each graded test cell has written the student's
answers (nnhelpers.answers.record_answer) to results_file as plain JSON, for inputs drawn from `seed`.
This process draws the same inputs itself (nnhelpers.probes), computes the right values with the
course's own engine, compares them in plain Python and writes each test cell's points into the
gradebook (Grade.auto_score), where generate_feedback and export read them. Quiz answer keys are read
from the instructor notebook's hidden tests ("# ANSWER KEY: b" lines), which release.stage strips
before nbgrader sees the notebook, so no kernel ever holds them.

A cell that recorded nothing (skipped, rewritten, silenced, failed) gets 0; so does every cell when
the results file is missing, too large, not JSON, of another seed or malformed. None of that raises.
"""
import json
import math
import os
import re
import stat
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from nnhelpers.probes import plain, probe_for, probe_rng

from ..course import NOTEBOOKS
from .results import Invalid, TooLarge, answers as bounded_answers

MAX_RESULTS_BYTES = 1_000_000
KEY = re.compile(r"^# ANSWER KEY: (\S+)", flags=re.M)
# Every line of a quiz's answer in the instructor's hidden test: the key and why each option is right
# or wrong ("# ANSWER WHY a: ..."), kept for the instructor; release.stage strips them all.
KEY_LINE = re.compile(r"^# ANSWER (?:KEY|WHY \w+): .*(?:\n|$)", flags=re.M)


def answer_keys(instructor_notebook):
    """{grade_id: right option letter} from the "# ANSWER KEY: <letter>" lines of the test cells."""
    nb = nbformat.read(instructor_notebook, as_version=4)
    keys = {}
    for cell in nb.cells:
        found = KEY.findall(cell.source)
        if found:
            keys[cell.metadata["nbgrader"]["grade_id"]] = found[0]
    return keys


def compare(got, expected, rtol, atol, where="the answer"):
    """None when `got` (plain JSON from the kernel) matches `expected` (plain JSON); else why not.

    Numbers must be finite and within atol + rtol * |expected|; strings equal; lists of the same length;
    dicts must hold every expected key (extra keys are ignored).
    """
    if isinstance(expected, str):
        return None if type(got) is str and got == expected else f"{where} is {got!r:.40}, expected {expected!r}"
    if isinstance(expected, float):
        if type(got) not in (int, float):
            return f"{where} is {type(got).__name__} {got!r:.40}, expected a number"
        if not (math.isfinite(got) and abs(got - expected) <= atol + rtol * abs(expected)):
            return f"{where} is {got:.6g}, expected {expected:.6g}"
        return None
    if isinstance(expected, list):
        if type(got) is not list or len(got) != len(expected):
            size = len(got) if type(got) is list else type(got).__name__
            return f"{where} has {size} entries, expected {len(expected)}"
        for index, (g, e) in enumerate(zip(got, expected)):
            reason = compare(g, e, rtol, atol, f"{where}[{index}]")
            if reason:
                return reason
        return None
    if isinstance(expected, dict):
        if type(got) is not dict:
            return f"{where} is {type(got).__name__}, expected a dict with keys {sorted(expected)}"
        for key, e in expected.items():
            if key not in got:
                return f"{where} has no key {key!r}"
            reason = compare(got[key], e, rtol, atol, f"{where}[{key!r}]")
            if reason:
                return reason
        return None
    return None if got is None and expected is None else f"{where} is {got!r:.40}, expected {expected!r:.40}"


def load_answers(results_file, seed):
    """(answers dict, None) from the results file, or ({}, why it cannot be used)."""
    try:
        # The kernel wrote it, so it may be a link to a file it could not read itself: follow none.
        fd = os.open(results_file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return {}, "results file is not a regular file: ignored"
            text = f.read(MAX_RESULTS_BYTES + 1)
        if len(text) > MAX_RESULTS_BYTES:
            return {}, f"results file is more than {MAX_RESULTS_BYTES} bytes: ignored"
        results = json.loads(text, parse_constant=lambda name: None)   # NaN, inf: no number
    except FileNotFoundError:
        return {}, "no results file: no graded test cell recorded an answer"
    except (OSError, ValueError, RecursionError) as error:
        return {}, f"results file unreadable ({type(error).__name__}): ignored"
    if type(results) is not dict or type(results.get("answers")) is not dict:
        return {}, "results file is not {'seed': ..., 'answers': {...}}: ignored"
    if results.get("seed") != seed:
        return {}, f"results file is for seed {results.get('seed')!r:.20}, not this run's: ignored"
    try:
        return bounded_answers(results["answers"]), None
    except TooLarge as error:
        return {}, f"results file holds {error}: ignored"


def has_probe(grade_id):
    try:
        probe_for(grade_id)
    except KeyError:
        return False
    return True


def judge(grade_id, answers, keys, seed):
    """(is_right, reason) for one test cell; a cell without a probe is never right."""
    if not has_probe(grade_id):
        return False, f"no trusted probe for {grade_id} in nnhelpers.probes"
    if grade_id not in answers:
        return False, "no answer recorded (cell skipped, rewritten, failed or silenced)"
    probe = probe_for(grade_id)
    if grade_id.startswith("check_answer_"):
        if grade_id not in keys:
            return False, f"no '# ANSWER KEY:' line in the instructor's hidden test of {grade_id}"
        expected = keys[grade_id]
        got = answers[grade_id]
    else:
        inputs = probe.inputs(probe_rng(seed, grade_id))
        expected, got = plain(probe.expected(inputs)), answers[grade_id]
        if probe.view is not None:
            try:
                got = plain(probe.view(got, inputs))
            except (TypeError, ValueError, KeyError, IndexError) as error:
                return False, f"the answer is not of the expected form ({type(error).__name__})"
    reason = compare(got, expected, probe.rtol, probe.atol)
    return reason is None, reason or "right"


def judge_bounded(grade_id, answers, keys, seed):
    """judge, or (False, why) for an answer the bounds of results.py refused."""
    if isinstance(answers.get(grade_id), Invalid):
        return False, answers[grade_id].reason
    return judge(grade_id, answers, keys, seed)


def score_submission(lesson, autograded_notebook, results_file, gradebook_path, student_id, seed):
    """Set the points of every graded test cell of one autograded submission in the gradebook.

    lesson: the assignment name; autograded_notebook: its path (its stem is nbgrader's notebook name);
    results_file: what the kernel recorded; seed: the one the kernel was given.
    Returns [(grade_id, points, max_points, reason)] in the notebook's order.
    """
    answers, problem = load_answers(results_file, seed)
    keys = answer_keys(NOTEBOOKS / f"{lesson}.ipynb")
    notebook = Path(autograded_notebook).stem
    scores = []
    with Gradebook(f"sqlite:///{Path(gradebook_path).resolve()}") as gb:
        for cell in gb.find_notebook(notebook, lesson).grade_cells:
            try:   # an answer the bounds refused, or any error while judging, costs this cell only
                right, reason = judge_bounded(cell.name, answers, keys, seed)
            except Exception as error:
                right, reason = False, f"could not be judged ({type(error).__name__}: {error})"[:300]
            points = cell.max_score if right else 0.0
            grade = gb.find_grade(cell.name, notebook, lesson, student_id)
            grade.auto_score, grade.manual_score, grade.needs_manual_grade = points, None, False
            scores.append((cell.name, points, cell.max_score, problem if problem and not right else reason))
        gb.db.commit()
    return scores
