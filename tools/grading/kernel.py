"""Kernel launcher of the grading kernel spec (see sandbox.py): started by nbgrader as

    python -m tools.grading.kernel SETTINGS CONNECTION_FILE [ipykernel options]

It sets the limits, then replaces itself with bubblewrap running ipykernel (or, with the sandbox off,
with ipykernel in the submission's working directory). Being exec'd, bubblewrap keeps this process id,
so nbgrader's interrupt (SIGINT to the process group) and kill reach the sandbox, and --die-with-parent
ties it to nbgrader. Bubblewrap is started with SIGINT ignored: its monitoring process would otherwise
die of the interrupt and take the kernel with it. ipykernel ignores SIGINT too, except while a cell
runs, when it turns it into KeyboardInterrupt, so an interrupted cell stops and the kernel lives on.
"""

import json
import os
import resource
import signal
import sys
from pathlib import Path

import psutil

from .sandbox import SOCKETS, Limits, bwrap_argv, kernel_argv, kernel_env


def tasks_of(uid):
    """Number of processes and threads the user runs now (RLIMIT_NPROC counts them all)."""
    count = 0
    for process in psutil.process_iter(["uids", "num_threads"]):
        uids = process.info["uids"]
        if uids is not None and uids.real == uid:
            count += process.info["num_threads"] or 1
    return count


def set_limits(limits, uid):
    """setrlimit for this process and all it starts. Without a user of its own, the process limit counts
    on top of what the instructor's account already runs."""
    processes = limits.processes if uid is not None else tasks_of(os.getuid()) + limits.processes
    for name, value in (
        ("RLIMIT_AS", limits.memory),
        ("RLIMIT_CPU", limits.cpu_seconds),
        ("RLIMIT_FSIZE", limits.file_size),
        ("RLIMIT_NPROC", processes),
        ("RLIMIT_CORE", 0),
    ):
        resource.setrlimit(getattr(resource, name), (value, value))


def sandbox_connection(connection_file):
    """The connection file as the kernel sees it inside: same ports and key, sockets under SOCKETS."""
    info = json.loads(Path(connection_file).read_text())
    if info.get("transport") != "ipc":
        raise SystemExit(
            f"the grading kernel talks over Unix sockets; {connection_file} has transport "
            f"{info.get('transport')!r}, expected 'ipc' (set KernelManager.transport=ipc)"
        )
    info["ip"] = f"{SOCKETS}/{Path(info['ip']).name}"
    fd = os.memfd_create("connection.json", 0)
    os.write(fd, json.dumps(info).encode())
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return fd


def main(argv):
    settings_file, connection_file, *extra = argv
    settings = json.loads(Path(settings_file).read_text())
    set_limits(Limits(**settings["limits"]), settings["uid"])
    if settings["sandbox"]:
        command = bwrap_argv(settings, sandbox_connection(connection_file), extra)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by bubblewrap (see above)
        os.execv(command[0], command)
    os.chdir(settings["home"])
    env = kernel_env(settings["home"], settings["stage"], settings.get("lang"))
    command = kernel_argv(connection_file, extra)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
