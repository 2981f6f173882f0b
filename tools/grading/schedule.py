"""When each submission is graded: the ones that may run longest start first, and at most `jobs` of
them use the processors at once, however many are running.

- Longest first. A submission's cells may run for at most one cell timeout each and all together
  for the budget (SUBMISSION_SECONDS), so the more code cells it has, the longer it may take.
  Starting those first (the longest-processing-time-first rule of scheduling) lets one that stalls
  through its budget run beside the class instead of after it.
- Permits. A submission holds one of `jobs` permits while it uses the processors. One whose
  processes used less than IDLE_SHARE of a processor over the last IDLE_SECONDS (a kernel waiting
  in time.sleep, or on nothing) gives its permit back, so the next submission starts beside it.
  It does not take one again; at most MAX_SLOTS submissions run at once (sandbox.py). Permits are
  taken in the grading order, before a submission starts, so that order is kept.

    permits = Permits(jobs)
    for lesson, student in longest_first(root, work):
        permit = permits.hold()                 # waits until a submission gives one back
        pool.submit(grade, lesson, student, permit)
    # in grade: with permit: forked.run(..., watch=permit.watch), which calls permit.watch(pid)
    # about once a second
"""

import threading
import time
from collections import deque

import psutil

from .repair import Rejected, check_folders, read_submission

IDLE_SECONDS = 3.0  # a submission idle this long gives its permit back
IDLE_SHARE = 0.1  # idle: less than this share of one processor, over IDLE_SECONDS


def code_cells(root, lesson, student):
    """How many code cells the student's submitted notebook holds (0 if it cannot be read as one, or
    is reached through a link: repair.py refuses those)."""
    folder = root / "submitted" / student / lesson
    try:
        check_folders(root / "submitted", folder)
        nb = read_submission(folder / f"{lesson}.ipynb")
    except (Rejected, OSError):
        return 0
    return sum(isinstance(cell, dict) and cell.get("cell_type") == "code" for cell in nb["cells"])


def longest_first(root, work):
    """work [(lesson, student)] in the order to grade: most code cells first, ties as given."""
    cells = {(lesson, student): code_cells(root, lesson, student) for lesson, student in work}
    return sorted(work, key=lambda item: -cells[item])


def cpu_seconds(pid):
    """The processor seconds (user and system) used so far by process `pid` and everything it
    started, or None once it has ended."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return None
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # ended meanwhile: its parent's children_* counts it once reaped
        total += times.user + times.system + times.children_user + times.children_system
    return total


class Permits:
    """`jobs` permits to use the processors; hold() waits for one."""

    def __init__(self, jobs):
        self._free = threading.Semaphore(jobs)

    def hold(self):
        self._free.acquire()
        return Permit(self._free)


class Permit:
    """One submission's permit, given back when it ends or, earlier, when watch() finds it idle."""

    def __init__(self, free):
        self._free = free
        self.held = True
        self._samples = deque()  # (monotonic seconds, processor seconds) of the last IDLE_SECONDS

    def watch(self, pid):
        """Note the processor time of `pid`'s processes; give the permit back once they idle."""
        used = cpu_seconds(pid)
        if not self.held or used is None:
            return
        now = time.monotonic()
        self._samples.append((now, used))
        while now - self._samples[0][0] > IDLE_SECONDS:
            since, used_then = self._samples.popleft()
            if used - used_then < IDLE_SHARE * (now - since):
                self.give_back()
                return

    def give_back(self):
        if self.held:
            self.held = False
            self._free.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.give_back()
