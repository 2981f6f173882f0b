"""Record a student's answers so that a trusted process outside the kernel can score them.

The hidden part of every graded test cell calls

    nh.record_answer("check_sigmoid", sigmoid)        # grade_id of the test cell, the student's answer

which runs the student's function on inputs drawn from the grading seed (nnhelpers.probes says which
inputs and how to call it) and writes the results, plain JSON numbers and strings only, to
RESULTS_FILE in the directory the notebook started in. tools/grading/scores.py draws the same inputs
from the same seed, computes the right values itself and sets the points; nothing the kernel says
about right or wrong counts.

The grader passes the seed in the environment variable SEED_VARIABLE. Without it (an instructor or
student running the notebook) the answers are computed with seed 0, so the cell runs the same code,
and nothing is written.
"""

import json
import os
from pathlib import Path

from .probes import plain, probe_for, probe_rng

SEED_VARIABLE = "NNHELPERS_GRADING_SEED"
RESULTS_FILE = "nnhelpers-answers.json"
_RESULTS = Path.cwd() / RESULTS_FILE  # where the notebook started, even if a cell changes directory


def grading_seed():
    """The seed the grader set, or None when the notebook is not being graded."""
    value = os.environ.get(SEED_VARIABLE)
    return None if value is None else int(value)


def record_answer(grade_id, answer):
    """Compute the student's answer for the test cell `grade_id` and, when grading, write it down.

    answer: the student's function, class or value, as the probe of grade_id expects it.
    The results file is {"seed": int, "answers": {grade_id: plain JSON}}; a file left from another
    seed (or not readable) is started afresh.
    """
    seed = grading_seed()
    probe = probe_for(grade_id)
    value = plain(
        probe.answer(answer, probe.inputs(probe_rng(0 if seed is None else seed, grade_id)))
    )
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
