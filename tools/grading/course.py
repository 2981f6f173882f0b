"""Where the course lives, which lessons are graded, and how nbgrader is called."""
import os
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


def is_graded(nb):
    """True when any cell of the notebook carries nbgrader metadata."""
    return any("nbgrader" in cell.metadata for cell in nb.cells)


def graded_lessons(notebooks=NOTEBOOKS):
    """The instructor notebooks that are nbgrader assignments, in lesson order."""
    return [path for path in sorted(Path(notebooks).glob("*.ipynb")) if is_graded(nbformat.read(path, as_version=4))]


def nbgrader_command(root, *args):
    """(argv, env) of one nbgrader command on the course at `root`, with the settings of nbgrader_config.py."""
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}", "--log-level=ERROR"]
    # nbgrader runs `alembic` from PATH, so this environment's bin/ must come first; nbgrader_config.py
    # names preprocessors in tools.grading, so the repository must be importable.
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    return command, env
