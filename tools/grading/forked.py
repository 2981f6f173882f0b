"""nbgrader commands in processes forked from one that has imported nbgrader already.

Importing nbgrader takes about 1 s of CPU, and `grade` runs nbgrader once per submission. A forkserver (multiprocessing's) imports it once
per grading run; each command is a fresh child of it, so it shares no state with the grader or with
the other commands, and behaves as `python -m nbgrader ARGS` run in the repository with `env`: a
session of its own (a timeout kills its whole process group), its output to a log file.

    run(args, env, timeout, log, watch=None) -> (exit code, or None if it was killed at the timeout;
                                     the last error line of its output and how it ended)
"""

import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

from ..course import REPO

WATCH_SECONDS = 1.0  # how often run() calls its watch
FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload(["nbgrader.apps.nbgraderapp", "tools.grading.execute"])


def nbgrader_main(args, env, log):
    """The child: `python -m nbgrader ARGS` with env, in the repository, its output to log."""
    os.setsid()
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    sys.argv = ["nbgrader", *args]
    from nbgrader.apps.nbgraderapp import main

    main()


def last_error(log, code):
    """The last line of the log that is not a log record or an indented one, and how the command ended
    (its exit code, or the signal that killed it)."""
    try:
        text = Path(log).read_text(errors="replace")
    except OSError:  # the child ended before it opened its log
        text = ""
    lines = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("[") and not line.startswith(" ")
    ]
    ended = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    return f"{(lines[-1] if lines else f'see {log}')[-300:]} ({ended})"


def run(args, env, timeout, log, watch=None):
    """watch: called with the child's pid about once a second while it runs (schedule.Permit.watch)."""
    process = FORKS.Process(target=nbgrader_main, args=(list(args), dict(env), str(log)))
    process.start()
    deadline = time.monotonic() + timeout
    while process.is_alive() and time.monotonic() < deadline:
        process.join(min(WATCH_SECONDS, max(0.0, deadline - time.monotonic())))
        if watch and process.is_alive():
            watch(process.pid)
    if process.is_alive():
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its group: nbgrader and what it started
        except ProcessLookupError:  # not yet in a session of its own
            process.kill()
        process.join()
        return None, ""
    return process.exitcode, last_error(log, process.exitcode)
