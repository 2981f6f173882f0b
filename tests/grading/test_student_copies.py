"""What students get: a graded class gets the release (here the student archive of
`make student-archive`), which holds no quiz key; a self-learner's workspace (`make lab`) gets the
practice keys."""

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest

from tools import student_archive, workspace
from tools.grading.quizzes import PRACTICE_FILE

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ("00_start_here.ipynb", "01_single_neuron.ipynb")
# Lesson 01's quiz answers as the instructor wrote them: key lines, and a phrase of one why.
KEY_TEXT = ("# ANSWER KEY", "# ANSWER WHY", "b moves z up or down for every input alike")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """(lessons folder with copies of LESSONS, build folder, the archive made from them)."""
    tmp = tmp_path_factory.mktemp("student_copies")
    lessons = tmp / "lessons"
    lessons.mkdir()
    for name in LESSONS:
        shutil.copy2(ROOT / "notebooks" / name, lessons)
    build = tmp / "build"
    return lessons, build, student_archive.student_archive(build, "course", lessons)


def members(archive):
    """{name: bytes} of every file in the archive, and of every file in the wheels inside it."""
    found = {}
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            found[name] = zf.read(name)
            if name.endswith(".whl"):
                with zipfile.ZipFile(zf.open(name)) as wheel:
                    found.update(
                        {f"{name}!{inner}": wheel.read(inner) for inner in wheel.namelist()}
                    )
    return found


def test_the_archive_holds_the_lessons_the_wheel_and_one_command(course):
    _, _, archive = course
    names = set(members(archive))
    assert {f"course/notebooks/{name}" for name in LESSONS} <= names
    assert {
        "course/open_course.py",
        "course/README.txt",
        "course/requirements.txt",
        "course/constraints.txt",
        "course/jupyter/jupyter_server_config.py",
    } <= names
    [wheel] = [name for name in names if name.endswith(".whl")]
    assert f"{wheel}!nnhelpers/quiz.py" in names
    text = members(archive)["course/notebooks/01_single_neuron.ipynb"].decode()
    lesson = nbformat.reads(text, as_version=4)
    code = "\n".join(cell.source for cell in lesson.cells if cell.cell_type == "code")
    assert "raise NotImplementedError()" in code and "1.0 / (1.0 + np.exp(-z))" not in code
    assert all(not cell.outputs for cell in lesson.cells if cell.cell_type == "code")


def test_no_file_of_the_archive_or_its_wheel_holds_a_quiz_key(course):
    _, _, archive = course
    for name, data in members(archive).items():
        assert Path(name.split("!")[-1]).name != PRACTICE_FILE, name
        text = data.decode("utf-8", errors="replace")
        assert not [key for key in KEY_TEXT if key in text], name
    assert student_archive.check_archive(archive)


@pytest.mark.parametrize(
    "name,content",
    [
        ("course/notebooks/extra.py", "# ANSWER KEY: b\n"),
        (f"course/notebooks/{PRACTICE_FILE}", "{}"),
        ("course/notes.txt", "### BEGIN SOLUTION\n"),
    ],
)
def test_an_archive_holding_a_key_or_a_solution_is_refused(course, tmp_path, name, content):
    spoilt = tmp_path / "spoilt.zip"
    shutil.copy2(course[2], spoilt)
    with zipfile.ZipFile(spoilt, "a") as zf:
        zf.writestr(name, content)
    with pytest.raises(SystemExit, match="not safe to hand out"):
        student_archive.check_archive(spoilt)


def test_open_course_installs_the_wheel_at_the_pins_then_opens_lesson_00(course, tmp_path):
    with zipfile.ZipFile(course[2]) as zf:
        zf.extractall(tmp_path)
    folder = tmp_path / "course"
    shown = subprocess.run(
        [sys.executable, "open_course.py", "--dry-run", "--no-browser"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    install, open_lab = shown.stdout.splitlines()
    wheel = next((folder / "wheels").glob("nnhelpers-*.whl"))
    pins = folder / "requirements.txt"
    assert f"pip install --disable-pip-version-check {wheel} -r {pins} -c " in install
    assert open_lab.endswith("-m jupyterlab 00_start_here.ipynb --no-browser")
    pinned = pins.read_text()
    assert "numpy==" in pinned and "jupyterlab==" in pinned and "nbgrader" not in pinned


def test_the_archives_wheel_installs_and_its_quizzes_are_graded(course, tmp_path):
    """The wheel in a throwaway venv (the course environment's packages behind it, not its
    nnhelpers): a quiz cell of the archive's lesson 01, run in its notebooks folder, has no key."""
    with zipfile.ZipFile(course[2]) as zf:
        zf.extractall(tmp_path)
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = subprocess.run(
        [python, "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A folder named in a .pth file joins sys.path; its own .pth files (the editable install) do
    # not run.
    (Path(purelib) / "course_environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    wheel = next((tmp_path / "course" / "wheels").glob("nnhelpers-*.whl"))
    subprocess.run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            wheel,
        ],
        check=True,
        capture_output=True,
    )
    notebooks = tmp_path / "course" / "notebooks"
    lesson = nbformat.read(notebooks / "01_single_neuron.ipynb", as_version=4)
    [quiz_cell] = [c.source for c in lesson.cells if c.source.startswith("quiz_bias = nh.Quiz(")]
    probe = (
        "import json, nnhelpers as nh\n"
        + quiz_cell
        + "\nprint(json.dumps([nh.__file__, quiz_bias.keyed]))\n"
    )
    seen = subprocess.run(
        [python, "-I", "-c", probe], cwd=notebooks, capture_output=True, text=True, check=True
    ).stdout
    where, keyed = json.loads(seen.splitlines()[-1])
    assert Path(where).is_relative_to(env) and keyed is False


def test_the_workspace_gets_practice_keys_and_the_release_none(course, tmp_path):
    lessons, build, _ = course
    made = tmp_path / "workspace"
    workspace.make_workspace(made, lessons, build)
    keys = json.loads((made / PRACTICE_FILE).read_text())["quizzes"]
    # Lesson 01's instructor solutions: answer_bias = "b", answer_init = "c".
    assert [(quiz["question"][:25], quiz["correct"]) for quiz in keys] == [
        ("What does the bias b of a", "b"),
        ("Why do the weights of a n", "c"),
    ]
    assert KEY_TEXT[2] in keys[0]["explanations"]["b"]
    for path in (build / "release").rglob("*"):
        assert path.name != PRACTICE_FILE
        if path.is_file():
            assert not [key for key in KEY_TEXT if key in path.read_text(errors="replace")], path
    added = nbformat.read(made / "01_single_neuron.ipynb", as_version=4)
    assert not [key for key in KEY_TEXT if any(key in cell.source for cell in added.cells)]
