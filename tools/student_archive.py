"""`make student-archive`: what a graded class gets instead of the repository, as one zip file.

    python -m tools.student_archive [--build build] [--name nn-from-scratch]
      -> build/<name>.zip holding the folder <name>/:
         notebooks/        every lesson as a student gets it (the release step's copy of a
                           graded lesson: no solution, hidden test or answer key; lesson 00
                           without outputs)
         wheels/           the nnhelpers wheel, built from this course
         requirements.txt  what the notebooks need (nnhelpers' dependencies, JupyterLab), pinned
         constraints.txt   the course's pins of everything else
         jupyter/          JupyterLab settings: notebooks saved with the quizzes' and explorers'
                           static pictures (tools/jupyter/common/)
         open_course.py    the one command: `python3 open_course.py` (a venv in the folder, made
                           once, then JupyterLab at lesson 00)
         README.txt

The repository itself holds the answer keys in notebooks/ and gives self-learners practice quizzes
(`make lab`); the archive holds neither, and `check_archive` refuses an archive that does.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from tools.course import NOTEBOOKS, REPO
from tools.grading.quizzes import PRACTICE_FILE
from tools.workspace import BUILD, FIRST_LESSON, fresh_copy, lessons

# Pins of requirements.txt the students need: nnhelpers' dependencies and what runs the notebooks.
STUDENT_PACKAGES = ("numpy", "matplotlib", "ipywidgets", "threadpoolctl", "jupyterlab", "ipykernel")
# What no file of the archive may hold: solutions, hidden tests, quiz keys ("# ANSWER KEY/WHY").
FORBIDDEN = re.compile(r"(?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS)|# ANSWER (?:KEY|WHY)")

OPEN_COURSE = '''\
"""Open the course "Neural networks from scratch": python3 open_course.py

The first run makes a Python environment in .venv/ next to this file and installs the course's
package (nnhelpers, from wheels/) and JupyterLab at the course's pinned versions; every run then
opens JupyterLab on notebooks/ at lesson 00, with the settings in jupyter/. Needs Python 3.11.2 or
newer, and the internet on the first run. Extra arguments go to JupyterLab (e.g. --no-browser).
--dry-run prints the commands instead.
"""
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = HERE / ".venv"
DONE = ENV / "course-installed"


def commands(python, extra):
    """The commands this script runs: (install, open); install is None once done."""
    wheels = sorted(str(path) for path in (HERE / "wheels").glob("nnhelpers-*.whl"))
    install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", *wheels,
               "-r", str(HERE / "requirements.txt"), "-c", str(HERE / "constraints.txt")]
    open_lab = [str(python), "-m", "jupyterlab", "@FIRST_LESSON@", *extra]
    return (None if DONE.exists() else install), open_lab


def main(argv):
    dry = "--dry-run" in argv
    extra = [arg for arg in argv if arg != "--dry-run"]
    if sys.version_info < (3, 11, 2):
        sys.exit(f"The course needs Python 3.11.2 or newer; this is {sys.version.split()[0]}.")
    python = ENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install, open_lab = commands(python, extra)
    if dry:
        print("\\n".join(" ".join(command) for command in filter(None, [install, open_lab])))
        return 0
    if install:
        print("First run: installing the course into", ENV, "(a few minutes)")
        venv.create(ENV, with_pip=True)
        subprocess.run(install, check=True)
        DONE.touch()
    settings = os.pathsep.join(filter(None, [str(HERE / "jupyter"),
                                             os.environ.get("JUPYTER_CONFIG_PATH")]))
    env = dict(os.environ, JUPYTER_CONFIG_PATH=settings)
    return subprocess.run(open_lab, cwd=HERE / "notebooks", env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
'''

README = """Neural networks from scratch: your copy of the course
==========================================================

Open it with one command, in this folder:

    python3 open_course.py          (on Windows: py open_course.py)

The first run installs what the course needs into .venv/ here (a few minutes, with the internet);
then JupyterLab opens lesson 00 in your browser. Your work is saved in notebooks/.

Hand in a lesson by sending its notebook file, e.g. notebooks/01_single_neuron.ipynb, as your
instructor asks. Do not rename it. Graded quizzes are marked after you hand in; your feedback page
then shows the right answer and why.
"""


def student_pins(requirements=REPO / "requirements.txt"):
    """The lines of requirements.txt pinning STUDENT_PACKAGES (comments dropped)."""
    pins = [line.split("#")[0].strip() for line in Path(requirements).read_text().splitlines()]
    chosen = [pin for pin in pins if pin and package(pin) in STUDENT_PACKAGES]
    missing = set(STUDENT_PACKAGES) - {package(pin) for pin in chosen}
    if missing:
        raise SystemExit(
            f"requirements.txt pins no {sorted(missing)}; the student archive needs them"
        )
    return chosen


def package(pin):
    """The package a requirement line names ("numpy==2.4.6" -> "numpy")."""
    return re.split(r"[=<>!~ \[;]", pin)[0].lower()


def build_wheel(target):
    """The nnhelpers wheel, built offline from a clean copy of the package, written into
    `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "course"
        source.mkdir()
        shutil.copy2(REPO / "pyproject.toml", source)
        shutil.copytree(
            REPO / "nnhelpers",
            source / "nnhelpers",
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--wheel-dir",
                str(target),
                str(source),
            ],
            check=True,
            cwd=tmp,
        )
    [wheel] = Path(target).glob("nnhelpers-*.whl")
    return wheel


def write_archive(folder, archive):
    """Zip `folder` into `archive`, paths starting with the folder's name."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(Path(folder).parent))


def check_archive(archive):
    """Fail loudly if any file of the archive, or of the wheel inside it, holds a solution, a hidden
    test, an answer key or the practice keys file. Returns the names of the files checked."""
    problems, names = [], []

    def scan(zf, where):
        for name in zf.namelist():
            names.append(where + name)
            data = zf.read(name)
            if Path(name).name == PRACTICE_FILE:
                problems.append(f"{where}{name}: the practice quiz keys")
            elif name.endswith(".whl"):
                with zipfile.ZipFile(zf.open(name)) as wheel:
                    scan(wheel, f"{where}{name}!")
            elif found := FORBIDDEN.search(data.decode("utf-8", errors="replace")):
                problems.append(f"{where}{name}: {found.group()}")

    with zipfile.ZipFile(archive) as zf:
        scan(zf, "")
    if problems:
        raise SystemExit(f"{archive} is not safe to hand out: " + "; ".join(problems))
    return names


def student_archive(build=BUILD, name="nn-from-scratch", notebooks=NOTEBOOKS):
    """Build build/<name>.zip of the lessons in `notebooks` (see the module's docstring), check
    it, and return its path."""
    build = Path(build)
    folder = build / "student-archive" / name
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "notebooks").mkdir(parents=True)
    for path in lessons(notebooks):
        nbformat.write(fresh_copy(path, build), folder / "notebooks" / path.name)
    build_wheel(folder / "wheels")
    (folder / "requirements.txt").write_text(
        "# What the course's notebooks need, at the versions the course was made with.\n"
        + "\n".join(student_pins())
        + "\n"
    )
    shutil.copy2(REPO / "constraints.txt", folder / "constraints.txt")
    shutil.copytree(
        REPO / "tools" / "jupyter" / "common",
        folder / "jupyter",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (folder / "open_course.py").write_text(OPEN_COURSE.replace("@FIRST_LESSON@", FIRST_LESSON))
    (folder / "README.txt").write_text(README)
    archive = build / f"{name}.zip"
    write_archive(folder, archive)
    check_archive(archive)
    return archive


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.student_archive",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--build", default=str(BUILD), help="where the release and the archive go (default: build/)"
    )
    parser.add_argument(
        "--name", default="nn-from-scratch", help="the archive's folder and file name"
    )
    args = parser.parse_args(argv)
    print(f"student archive: {student_archive(args.build, args.name)}")


if __name__ == "__main__":
    main()
