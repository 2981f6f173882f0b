"""The trial's accounts: one instructor and N students, system users created for the trial and removed
after it. Every name starts with PREFIX ("nn-"), so they cannot clash with the machine's own users, and
only such names are ever removed. Homes are mode 700: no student can read another's files (nor the
instructor's course folder and gradebook)."""

import os
import pwd
import subprocess
from pathlib import Path

import psutil

PREFIX = "nn-"
INSTRUCTOR = "nn-instructor"


def students(n):
    return [f"{PREFIX}student{i}" for i in range(1, n + 1)]


def exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def home(name):
    return Path(pwd.getpwnam(name).pw_dir)


def create(name):
    """A system user with a home of mode 700 and no password (JupyterHub's authenticator logs them in)."""
    if not name.startswith(PREFIX):
        raise ValueError(f"trial account names start with {PREFIX!r}, got {name!r}")
    if not exists(name):
        subprocess.run(
            ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash", name], check=True
        )
    os.chmod(home(name), 0o700)
    return home(name)


def processes_of(name):
    """PIDs of the processes the account runs now."""
    uid = pwd.getpwnam(name).pw_uid
    return [
        process.pid
        for process in psutil.process_iter(["uids"])
        if process.info["uids"] is not None and process.info["uids"].real == uid
    ]


def remove(name):
    """Remove a trial account and its home; refuses names without the prefix, and accounts that still run
    processes (stop the hub first)."""
    if not name.startswith(PREFIX):
        raise ValueError(f"only trial accounts ({PREFIX}*) are removed, got {name!r}")
    if not exists(name):
        return
    running = processes_of(name)
    if running:
        raise RuntimeError(f"{name} still runs processes {running}: stop the hub first")
    subprocess.run(["userdel", "--remove", name], check=True, stderr=subprocess.DEVNULL)
