"""The student's own copy of the course, and JupyterLab on it (used by `make lab` and `make lab-source`).

    python -m tools.workspace lab [--reset LESSON] [JUPYTER LAB ARGUMENTS...]
    python -m tools.workspace lab-source [JUPYTER LAB ARGUMENTS...]

`lab` makes the workspace (workspace/, git-ignored) once: every lesson as the release step makes it
for students (tools/grading/release.py: solutions replaced by stubs, hidden tests and answer keys
removed, outputs cleared), lesson 00 with its outputs cleared. Later runs keep every notebook that
is there, so a student's work is never overwritten, and only add the lessons that are missing (a
new lesson of the course appears). Each run also writes the quizzes' answer keys, read from notebooks/,
to workspace/.practice-quizzes.json: there the quiz widgets are practice that says right or wrong, and
why, at once (a graded class gets the release instead, which never holds the keys). `--reset
04_letters_abc` (or `--reset 04`) moves that lesson to workspace/backups/<lesson>-<time>.ipynb and puts
a fresh copy in its place. New copies are trusted (signed for this user, as `jupyter trust` does).
JupyterLab then opens at lesson 00, with nbgrader's authoring tools off (tools/jupyter/student/).

`lab-source` opens the instructor notebooks in notebooks/ with nbgrader's tools on; its root is the
repository, so nbgrader's course root (build/) lies inside it.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from nnhelpers.i18n import _
from tools.course import NOTEBOOKS, REPO, is_graded
from tools.grading.quizzes import write_practice_keys
from tools.grading.release import release

WORKSPACE = REPO / "workspace"
BUILD = REPO / "build"
CONFIG = REPO / "tools" / "jupyter"
FIRST_LESSON = "00_start_here.ipynb"


def lessons(notebooks=NOTEBOOKS):
    """The course's notebooks, in lesson order."""
    return sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb"))


# A release copy older than one of these is made again.
RELEASE_INPUTS = [REPO / "nbgrader_config.py", *sorted((REPO / "tools" / "grading").glob("*.py"))]


def fresh_copy(path, build=BUILD):
    """The student copy of the lesson at `path`: the release step's for a graded lesson (released
    again unless build/release/ holds one newer than the lesson and the release code), else the
    lesson with its outputs and widget state cleared."""
    nb = nbformat.read(path, as_version=4)
    if is_graded(nb):
        released = Path(build) / "release" / path.stem / path.name
        newest_input = max(item.stat().st_mtime for item in [Path(path), *RELEASE_INPUTS])
        if not released.exists() or released.stat().st_mtime <= newest_input:
            release(build, only=[path.stem])
        return nbformat.read(released, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def _write_trusted(nb, target):
    NotebookNotary().sign(nb)
    nbformat.write(nb, target)


def make_workspace(workspace=WORKSPACE, notebooks=NOTEBOOKS, build=BUILD):
    """Add to `workspace` a fresh copy of every lesson it does not have; never touch one it has. Write
    the quizzes' practice keys (new every time: the course's keys may have changed). Returns the names of
    the lessons added."""
    workspace = Path(workspace)
    workspace.mkdir(parents=True, exist_ok=True)
    write_practice_keys(workspace, lessons(notebooks))
    added = []
    for path in lessons(notebooks):
        target = workspace / path.name
        if not target.exists():
            _write_trusted(fresh_copy(path, build), target)
            added.append(path.name)
    return added


def _lesson_named(name, notebooks=NOTEBOOKS):
    """The notebook that `name` ("04", "04_letters_abc" or "04_letters_abc.ipynb") means."""
    stem = Path(name).stem
    found = [
        path for path in lessons(notebooks) if path.stem == stem or path.stem.split("_")[0] == stem
    ]
    if len(found) != 1:
        known = ", ".join(path.stem for path in lessons(notebooks))
        raise SystemExit(
            _(
                "RESET={name!r} names no single lesson; expected one of: {known} (or its number)"
            ).format(name=name, known=known)
        )
    return found[0]


def reset(name, workspace=WORKSPACE, notebooks=NOTEBOOKS, build=BUILD):
    """Put a fresh copy of lesson `name` in the workspace, after moving the student's copy to
    workspace/backups/<lesson>-<time>.ipynb. Returns the backup's path (None if there was no copy)."""
    path = _lesson_named(name, notebooks)
    target = Path(workspace) / path.name
    backup = None
    if target.exists():
        backup = Path(workspace) / "backups" / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}.ipynb"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(target, backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_trusted(fresh_copy(path, build), target)
    return backup


def lab_command(root, default_path, student, extra=()):
    """(argv, env) of JupyterLab on `root`, opening `default_path`; student=True turns nbgrader's tools off."""
    config = [CONFIG / "student"] if student else []
    config.append(CONFIG / "common")
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        [str(path) for path in config]
        + ([env["JUPYTER_CONFIG_PATH"]] if env.get("JUPYTER_CONFIG_PATH") else [])
    )
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{default_path}",
        *extra,
    ]
    return argv, env


def refuse_root(target, extra):
    """As root, JupyterLab stops with "Use --allow-root": name the make variable that passes it."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        sys.exit(
            f"make {target}: you are root, and JupyterLab does not run as root unless told "
            f"to. If that is what you want (in a container, say), run: make {target} ALLOW_ROOT=1"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.workspace",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", choices=["lab", "lab-source"])
    parser.add_argument(
        "--reset", metavar="LESSON", help="lab: back up this lesson's copy and start it afresh"
    )
    args, extra = parser.parse_known_args(argv)
    refuse_root(args.target, extra)
    if args.target == "lab-source":
        command, env = lab_command(REPO, f"notebooks/{FIRST_LESSON}", student=False, extra=extra)
    else:
        if args.reset:
            backup = reset(args.reset)
            print(
                _("{lesson}: a fresh copy is in workspace/").format(lesson=args.reset)
                + (
                    _("; your old one is kept as {backup}").format(backup=backup.relative_to(REPO))
                    if backup
                    else ""
                )
            )
        added = make_workspace()
        if added:
            print(_("workspace/: added {lessons}").format(lessons=", ".join(added)))
        command, env = lab_command(WORKSPACE, FIRST_LESSON, student=True, extra=extra)
    sys.stdout.flush()
    os.chdir(REPO if args.target == "lab-source" else WORKSPACE)
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    main()
