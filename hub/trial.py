"""A trial of the course on one server: set it up, start the hub, remove it again.

    setup(state, students=2, lessons=None, port=8000) -> settings
        the hub's environment and proxy (install.py), the accounts (accounts.py), the exchange, each
        role's configuration, and the instructor's copy of the course in ~nn-instructor/course with the
        lessons released into its build/ (python -m tools.grading release), ready for the formgrader.
    start(state) -> the JupyterHub process (stop it by its PID: it stops the proxy and every user's server)
    remove(state): the trial's accounts, their homes and the state folder

The state folder (NN_HUB_STATE, /srv/nn-hub for make hub, mode 755) holds settings.json, the role
folders users read, the exchange, and secrets/ (mode 700: the hub's database, cookie secret and
password hashes).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from . import accounts, install
from .install import HUB, REPO
from tools.course import COURSE_ID

# What of the repository the instructor's copy holds: the course (notebooks, nnhelpers), the grading tools,
# the hub kit and their settings; not the venv, git, build output or caches.
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "build", "__pycache__", ".pytest_cache", ".ipynb_checkpoints", "*.egg-info"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def user_env(settings, name):
    """The environment a user's server gets (as jupyterhub_config.py's pre_spawn_hook sets it), for
    commands the trial runs as that user."""
    role = "instructor" if name in settings["instructors"] else "student"
    home = accounts.home(name)
    env = {
        "HOME": str(home),
        "USER": name,
        "LOGNAME": name,
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "PATH": f"{settings['venv']}/bin:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": str(Path(settings["state"]) / "roles" / role),
        "NN_EXCHANGE_ROOT": settings["exchange"],
        "NN_COURSE_ID": settings["course_id"],
    }
    if role == "instructor":
        env["NN_COURSE"] = str(home / "course")
    return env


def as_user(settings, name, command, cwd):
    """Run `command` as the account `name`, with its server's environment, in `cwd`."""
    env = user_env(settings, name)
    subprocess.run(
        ["runuser", "-u", name, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *command],
        cwd=cwd,
        check=True,
    )


def copy_course(name):
    """The instructor's copy of the course repository, ~name/course, owned by them."""
    target = accounts.home(name) / "course"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO, target, ignore=NOT_COPIED, symlinks=True)
    subprocess.run(["chown", "-R", f"{name}:{name}", str(target)], check=True)
    return target


def prepare_course(lessons, students):
    """Run as the instructor in their ~/course: release the lessons (all: None) into build/, and put the
    trial's students in the gradebook with a name (a real class imports its roster instead:
    nbgrader db student import students.csv)."""
    from nbgrader.api import Gradebook
    from tools.grading.release import release

    release(Path("build"), only=lessons)
    with Gradebook("sqlite:///build/gradebook.db") as gb:
        for name in students:
            gb.update_or_create_student(
                name, first_name="Trial", last_name=name.removeprefix(accounts.PREFIX).title()
            )


def setup(state, students=2, lessons=None, port=8000):
    """Everything the hub needs (see the module's docstring); returns the settings it wrote."""
    if os.geteuid() != 0:
        raise SystemExit(
            "make hub creates system accounts and starts each user's server as that user: run it as "
            "root (sudo make hub)"
        )
    state = Path(state).resolve()
    venv, proxy = install.python_env(), install.proxy()
    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o755)
    (state / "secrets").mkdir(exist_ok=True)
    (state / "secrets").chmod(0o700)
    roles = state / "roles"
    if roles.exists():
        shutil.rmtree(roles)
    shutil.copytree(HUB / "roles", roles)
    install.make_world_readable(roles)
    # The exchange: anyone may create in its root (nbgrader requires mode 777), the sticky bit keeps anyone
    # but its owner from removing or renaming the course's folder in it; nbgrader sets the modes below it.
    exchange = state / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)
    names = {"instructors": [accounts.INSTRUCTOR], "students": accounts.students(students)}
    for name in names["instructors"] + names["students"]:
        accounts.create(name)
    settings = {
        "state": str(state),
        "venv": str(venv),
        "proxy": str(proxy),
        "exchange": str(exchange),
        "course_id": COURSE_ID,
        "port": port,
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        **names,
    }
    (state / "settings.json").write_text(json.dumps(settings, indent=1))
    instructor = accounts.INSTRUCTOR
    course = copy_course(instructor)
    as_user(
        settings,
        instructor,
        [
            f"{venv}/bin/python",
            "-c",
            "import sys, json; from hub.trial import prepare_course; "
            "prepare_course(*json.loads(sys.argv[1]))",
            json.dumps([lessons, names["students"]]),
        ],
        cwd=course,
    )
    return settings


def start(state, log=None):
    """Start JupyterHub (as root, from the hub's environment) on the trial at `state`; returns the process."""
    state = Path(state).resolve()
    settings = json.loads((state / "settings.json").read_text())
    command = [f"{settings['venv']}/bin/jupyterhub", "-f", str(HUB / "jupyterhub_config.py")]
    env = dict(os.environ, NN_HUB_STATE=str(state))
    env.pop("JUPYTER_CONFIG_PATH", None)
    out = open(log, "ab") if log else None
    try:
        return subprocess.Popen(
            command,
            cwd=state,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
        )
    finally:
        if out:
            out.close()


def remove(state):
    """Remove the trial's accounts (with their homes) and its state folder."""
    state = Path(state).resolve()
    settings_file = state / "settings.json"
    if settings_file.exists():
        settings = json.loads(settings_file.read_text())
        for name in settings["instructors"] + settings["students"]:
            accounts.remove(name)
    shutil.rmtree(state, ignore_errors=True)


def url(settings):
    return f"http://127.0.0.1:{settings['port']}/"


if __name__ == "__main__":
    sys.exit("use python -m hub")
