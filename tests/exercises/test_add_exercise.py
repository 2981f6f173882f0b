"""README's "Add an exercise", done to a copy of the course by exactly its two steps: a declaration in
the lesson's module and two notebook cells. Then `make release` and `make grade` on the copy judge it:
the instructor's solution is right, a declared mistake is named in verdicts.jsonl."""

import csv
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from tests.grading.submissions import ROOT, cells_by_id, sandbox_available, solved

pytestmark = pytest.mark.slow
LESSON = "01_single_neuron"

# Step 1: the declaration, appended to nnhelpers/exercises/lesson01.py.
DECLARATION = """

RELU_SLOPE = Exercise(
    name="relu_slope", lesson=LESSON, solution="relu_slope",
    inputs=_numbers, call=_elementwise, answer=_both(activation("relu").derivative), describe=_on_numbers,
    mistakes=(Mistake("slope_at_zero", _both(lambda z: (z >= 0).astype(float)),
                      "Your slope is 1 where z is exactly 0.", "The slope at 0 counts as 0: the mask is z > 0."),),
    hints=("ReLU's slope is 1 where z > 0 and 0 elsewhere.", "(z > 0) is the mask; make it floats."),
)
EXERCISES = EXERCISES + (RELU_SLOPE,)
"""
# Step 2: the two notebook cells.
SOLUTION = "def relu_slope(z):\n    ### BEGIN SOLUTION\n    return (np.asarray(z) > 0).astype(float)\n    ### END SOLUTION\n"
TEST = (
    '# Self-check for the toy exercise (1 point). Hints: nh.hint("relu_slope"). Do not edit this cell.\n'
    'nh.check("relu_slope", relu_slope)'
)


def add_cells(path):
    nb = nbformat.read(path, as_version=4)
    at = next(
        i
        for i, cell in enumerate(nb.cells)
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "check_relu"
    )
    solution = nbformat.v4.new_code_cell(
        SOLUTION,
        metadata={
            "nbgrader": {
                "grade": False,
                "grade_id": "relu_slope",
                "locked": False,
                "schema_version": 3,
                "solution": True,
                "task": False,
            }
        },
    )
    test = nbformat.v4.new_code_cell(
        TEST,
        metadata={
            "nbgrader": {
                "grade": True,
                "grade_id": "check_relu_slope",
                "locked": True,
                "points": 1,
                "schema_version": 3,
                "solution": False,
                "task": False,
            }
        },
    )
    nb.cells[at + 1 : at + 1] = [solution, test]
    nbformat.write(nb, path)


def test_an_exercise_added_by_the_two_readme_steps_is_released_checked_and_graded(tmp_path):
    course = tmp_path / "course"
    for name in ("nnhelpers", "tools", "nbgrader_config.py"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(
            ROOT / name,
            course / name,
            **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {}),
        )
    (course / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / f"{LESSON}.ipynb", course / "notebooks")
    with open(course / "nnhelpers" / "exercises" / "lesson01.py", "a") as f:
        f.write(DECLARATION)
    add_cells(course / "notebooks" / f"{LESSON}.ipynb")

    env = dict(os.environ, PYTHONPATH=str(course))
    python = [sys.executable, "-c"]
    check = (
        "import numpy as np, nnhelpers as nh\nnh.check('relu_slope', lambda z: (np.asarray(z) > 0) * 1.0)\n"
        "try:\n    nh.check('relu_slope', lambda z: (np.asarray(z) >= 0) * 1.0)\n"
        "except AssertionError as e:\n    print(e)\nnh.hint('relu_slope')\n"
    )
    said = subprocess.run(
        python + [check], env=env, cwd=course, capture_output=True, text=True, check=True
    ).stdout
    assert said.startswith("relu_slope: right.") and "[slope_at_zero]" in said
    assert "about the mistake your last check showed (slope_at_zero)" in said

    root = course / "build"
    subprocess.run(
        [sys.executable, "-m", "tools.grading", "release", "--root", str(root)],
        env=env,
        cwd=course,
        check=True,
        capture_output=True,
    )
    release = nbformat.read(root / "release" / LESSON / f"{LESSON}.ipynb", as_version=4)
    source = nbformat.read(course / "notebooks" / f"{LESSON}.ipynb", as_version=4)
    assert "raise NotImplementedError()" in cells_by_id(release)["relu_slope"].source
    mistaken = solved(release, source)
    cells_by_id(mistaken)[
        "relu_slope"
    ].source = "def relu_slope(z):\n    return (np.asarray(z) >= 0) * 1.0\n"
    for student, nb in {"instructor": solved(release, source), "mistaken": mistaken}.items():
        target = root / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.grading",
            "grade",
            "--root",
            str(root),
            "--sandbox",
            "on" if sandbox_available() else "off",
        ],
        env=env,
        cwd=course,
        check=True,
        capture_output=True,
    )
    with open(root / "grades.csv") as f:
        scores = {
            row["student_id"]: (float(row["score"]), float(row["max_score"]))
            for row in csv.DictReader(f)
        }
    assert scores["instructor"][0] == scores["instructor"][1] == scores["mistaken"][0] + 1
    verdicts = [json.loads(line) for line in (root / "verdicts.jsonl").read_text().splitlines()]
    toy = {
        v["student"]: (v["verdict"], v["mistake"]) for v in verdicts if v["item"] == "relu_slope"
    }
    assert toy == {"instructor": ("right", None), "mistaken": ("mistake", "slope_at_zero")}
