"""make lab's student workspace (tools/workspace.py): made once from the release, never overwriting a
student's work, completed with new lessons, one lesson reset after a backup, copies trusted; and the
JupyterLab settings of the two lab targets."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary

from tools import workspace

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture
def course(tmp_path):
    """A course of lessons 00 and 01 (copies of notebooks/), a build root and an empty workspace path."""
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    for name in ("00_start_here.ipynb", "01_single_neuron.ipynb"):
        shutil.copy2(ROOT / "notebooks" / name, lessons)
    return lessons, tmp_path / "build", tmp_path / "workspace"


def code(nb):
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def test_the_workspace_holds_student_copies_trusted_and_without_outputs(course):
    lessons, build, made = course
    assert workspace.make_workspace(made, lessons, build) == [
        "00_start_here.ipynb",
        "01_single_neuron.ipynb",
    ]
    lesson_01 = nbformat.read(made / "01_single_neuron.ipynb", as_version=4)
    assert "raise NotImplementedError()" in code(lesson_01)
    assert "BEGIN SOLUTION" not in code(lesson_01) and "HIDDEN TESTS" not in code(lesson_01)
    assert "1.0 / (1.0 + np.exp(-z))" not in code(lesson_01)  # the instructor's sigmoid
    for name in ("00_start_here.ipynb", "01_single_neuron.ipynb"):
        nb = nbformat.read(made / name, as_version=4)
        assert all(not cell.outputs for cell in nb.cells if cell.cell_type == "code"), name
        assert "widgets" not in nb.metadata
        assert NotebookNotary().check_signature(nb), f"{name} is not trusted"


def add_my_note(made):
    """A student's edit: a line added to the first cell of their lesson 01."""
    mine = nbformat.read(made / "01_single_neuron.ipynb", as_version=4)
    mine.cells[0].source += "\n# my own note"
    nbformat.write(mine, made / "01_single_neuron.ipynb")


def test_running_again_keeps_the_students_work_and_adds_a_new_lesson(course):
    lessons, build, made = course
    workspace.make_workspace(made, lessons, build)
    add_my_note(made)
    shutil.copy2(ROOT / "notebooks" / "02_dense_layer.ipynb", lessons)  # the course gets a lesson
    assert workspace.make_workspace(made, lessons, build) == ["02_dense_layer.ipynb"]
    assert (
        "# my own note"
        in nbformat.read(made / "01_single_neuron.ipynb", as_version=4).cells[0].source
    )


def test_reset_backs_up_the_old_copy_and_puts_a_fresh_one(course):
    lessons, build, made = course
    workspace.make_workspace(made, lessons, build)
    add_my_note(made)
    backup = workspace.reset("01", made, lessons, build)
    assert backup.parent == made / "backups" and backup.name.startswith("01_single_neuron-")
    assert "# my own note" in nbformat.read(backup, as_version=4).cells[0].source
    assert (
        "# my own note"
        not in nbformat.read(made / "01_single_neuron.ipynb", as_version=4).cells[0].source
    )
    with pytest.raises(
        SystemExit, match="RESET='09' names no single lesson; expected one of: 00_start_here"
    ):
        workspace.reset("09", made, lessons, build)


def test_the_student_lab_turns_nbgrader_off_and_both_labs_store_pictures(tmp_path):
    command, env = workspace.lab_command(tmp_path, "00_start_here.ipynb", student=True)
    paths = env["JUPYTER_CONFIG_PATH"].split(":")
    assert paths[:2] == [str(workspace.CONFIG / "student"), str(workspace.CONFIG / "common")]
    page = json.loads((workspace.CONFIG / "student" / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader"] is True
    server = json.loads(
        (workspace.CONFIG / "student" / "jupyter_server_config.d" / "no-nbgrader.json").read_text()
    )
    installed = json.loads(
        (
            Path(workspace.sys.prefix)
            / "etc"
            / "jupyter"
            / "jupyter_server_config.d"
            / "nbgrader.json"
        ).read_text()
    )["ServerApp"]["jpserver_extensions"]
    assert server["ServerApp"]["jpserver_extensions"] == {name: False for name in installed}
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in command
    _, env = workspace.lab_command(tmp_path, "notebooks/00_start_here.ipynb", student=False)
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(workspace.CONFIG / "common")
    assert (
        "nnhelpers.display.fallback.pre_save_hook"
        in (workspace.CONFIG / "common" / "jupyter_server_config.py").read_text()
    )
