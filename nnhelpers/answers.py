"""Record a quiz answer in the kernel. The hidden part of every quiz's test cell calls

    nh.record_answer("check_answer_bias", answer_bias)   # grade_id of the test cell, the answer

which writes the answer, plain JSON only, to RESULTS_FILE in the directory the notebook started in.
Nothing the kernel writes counts for the grade: the trusted grader reads the quiz answers and judges
every exercise in its own judge run (tools/grading/judge.py, tools/grading/scores.py).

The grader passes its seed in the environment variable SEED_VARIABLE. Without it (an instructor or
student running the notebook) nothing is written.
"""

import json
import os
from pathlib import Path

from .exercises import plain

SEED_VARIABLE = "NNHELPERS_GRADING_SEED"
RESULTS_FILE = "nnhelpers-answers.json"
_RESULTS = Path.cwd() / RESULTS_FILE  # where the notebook started, even if a cell changes directory


def grading_seed():
    """The seed the grader set, or None when the notebook is not being graded."""
    value = os.environ.get(SEED_VARIABLE)
    return None if value is None else int(value)


def record_answer(grade_id, answer):
    """When grading, write down the answer of the quiz whose test cell is `grade_id` (check_answer_*).

    The results file is {"seed": int, "answers": {grade_id: plain JSON}}; a file left from another
    seed (or not readable) is started afresh.
    """
    if not str(grade_id).startswith("check_answer_"):
        raise KeyError(f"record_answer records quiz answers (check_answer_*), got {grade_id!r}")
    seed, value = grading_seed(), plain(answer)
    if seed is None:
        return
    try:
        results = json.loads(_RESULTS.read_text())
        if results.get("seed") != seed or not isinstance(results.get("answers"), dict):
            raise ValueError("another run's results")
    except (OSError, ValueError, AttributeError):
        results = {"seed": seed, "answers": {}}
    results["answers"][grade_id] = value
    _RESULTS.write_text(json.dumps(results))
