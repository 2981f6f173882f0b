"""The course's constants, in one place: where it lives, its nbgrader course id, the time each cell of a
graded notebook, and all of them together, may run, which lessons are graded, and how nbgrader is called. Used by make lab
(tools/workspace.py), the site (tools/site.py), grading (tools/grading/), nbgrader_config.py and the hub."""

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
COURSE_ID = "nn-from-scratch"  # nbgrader's course id: the exchange's folder for the course
CELL_TIMEOUT = 30  # seconds each cell of a submission may run, then it is interrupted
# Seconds a submission's cells may run in all; then the cells left are not run (their points come from
# the judge run all the same). Three times a lesson's Run All (within 10 s, benchmarks/run_all.py) is
# far below it: only a submission that stalls on purpose or by accident reaches it.
SUBMISSION_SECONDS = 120


def is_graded(nb):
    """True when any cell of the notebook (a NotebookNode or its JSON as dicts) carries nbgrader
    metadata."""
    return any("nbgrader" in cell["metadata"] for cell in nb["cells"])


def graded_lessons(notebooks=NOTEBOOKS):
    """The instructor notebooks that are nbgrader assignments, in lesson order. Read as JSON, not with
    nbformat: the sandbox's kernel launcher imports this module, and nbformat takes a third of a second to import."""
    return [
        path
        for path in sorted(Path(notebooks).glob("*.ipynb"))
        if is_graded(json.loads(path.read_text(encoding="utf-8")))
    ]


def nbgrader_command(root, *args):
    """(argv, env) of one nbgrader command on the course at `root`, with the settings of nbgrader_config.py:
    argv is `python -m nbgrader` followed by nbgrader's own arguments (argv[3:])."""
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        *args,
        f"--CourseDirectory.root={root}",
        "--log-level=ERROR",
    ]
    # nbgrader runs `alembic` from PATH, so this environment's bin/ must come first; nbgrader_config.py
    # names preprocessors in tools.grading, so the repository must be importable.
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return command, env
