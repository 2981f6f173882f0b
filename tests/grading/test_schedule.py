"""When submissions are graded (tools/grading/schedule.py): the longest possible first, and a submission
that idles lets the next one start."""

import json
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.grading import schedule


def write_submission(root, lesson, student, text):
    folder = root / "submitted" / student / lesson
    folder.mkdir(parents=True)
    (folder / f"{lesson}.ipynb").write_text(text)


def notebook(code_cells, markdown_cells=0):
    cells = [{"cell_type": "code", "source": "", "metadata": {}, "outputs": []}] * code_cells
    cells += [{"cell_type": "markdown", "source": "", "metadata": {}}] * markdown_cells
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_the_submissions_with_most_code_cells_start_first_and_unreadable_ones_last(tmp_path):
    write_submission(tmp_path, "01", "ada", notebook(5, markdown_cells=30))
    write_submission(tmp_path, "01", "bo", notebook(25))
    write_submission(tmp_path, "01", "cy", "not json")
    write_submission(tmp_path, "01", "di", notebook(5))
    (tmp_path / "submitted" / "ed" / "01").mkdir(parents=True)  # no notebook at all
    write_submission(tmp_path, "01", "elsewhere", notebook(40))
    (tmp_path / "submitted" / "fay").mkdir()
    (tmp_path / "submitted" / "fay" / "01").symlink_to(tmp_path / "submitted" / "elsewhere" / "01")
    work = [("01", name) for name in ("ada", "bo", "cy", "di", "ed", "fay")]
    order = schedule.longest_first(tmp_path, work)
    # bo's 25 code cells may run longest; ada and di tie (markdown cells run nothing) and keep their
    # order; a file that is no notebook, none, or one behind a linked folder (40 code cells, never
    # read) is graded (as an empty copy) last
    assert order == [("01", n) for n in ("bo", "ada", "di", "cy", "ed", "fay")]


def test_a_submission_whose_processes_idle_gives_its_permit_back(monkeypatch):
    clock, used = [0.0], [0.0]
    monkeypatch.setattr(schedule.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(schedule, "cpu_seconds", lambda pid: used[0])
    permits = schedule.Permits(1)
    permit = permits.hold()
    for _ in range(10):  # busy: a whole processor for 10 s
        clock[0] += 1
        used[0] += 1
        permit.watch(123)
    assert permit.held
    for _ in range(3):  # then 3 s at 5% of a processor: not yet IDLE_SECONDS past the busy part
        clock[0] += 1
        used[0] += 0.05
        permit.watch(123)
    assert permit.held, "idle for only 3 of the last 3+ seconds: the busy second still counts"
    clock[0] += 1
    used[0] += 0.05
    permit.watch(123)
    assert not permit.held, "idle for more than IDLE_SECONDS: the permit goes back"
    assert permits._free.acquire(blocking=False), "and the next submission can take it"
    permit.give_back()  # giving back twice frees nothing more
    assert not permits._free.acquire(blocking=False)


BURN_THEN_SLEEP = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", '''
import time
start = time.process_time()
while time.process_time() - start < 0.3:
    pass
print("burnt", flush=True)
time.sleep(600)
'''], stdout=subprocess.PIPE, text=True)
print(child.stdout.readline().strip(), flush=True)
time.sleep(600)
"""


def test_cpu_seconds_counts_a_process_and_what_it_started():
    process = subprocess.Popen(
        [sys.executable, "-c", BURN_THEN_SLEEP], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "burnt"  # the grandchild burnt 0.3 s of CPU
        used = schedule.cpu_seconds(process.pid)
        assert 0.3 <= used < 30, used
    finally:
        for child in schedule.psutil.Process(process.pid).children(recursive=True):
            child.kill()
        process.kill()
        process.wait()
    assert schedule.cpu_seconds(process.pid) is None, "a process that ended has no figure"


def test_a_sleeping_submission_lets_the_next_one_start_while_it_still_runs(tmp_path):
    """With one permit, a submission whose kernel sleeps (here `sleep 600` run through forked.run's
    watch) gives its permit back and the next one starts while the sleeper has not ended."""
    from tools.grading import forked

    permits = schedule.Permits(1)
    first = permits.hold()
    sleeper = subprocess.Popen(["sleep", "600"])
    started = threading.Event()

    def second_submission():
        with permits.hold():
            started.set()

    waiting = threading.Thread(target=second_submission)
    waiting.start()
    try:
        for _ in range(120):  # as forked.run does, once a second; at most 2 minutes
            if started.wait(forked.WATCH_SECONDS):
                break
            first.watch(sleeper.pid)
        assert started.is_set(), "the sleeper kept its permit for 2 minutes"
        assert sleeper.poll() is None, "the next submission started while the sleeper still ran"
    finally:
        sleeper.kill()
        sleeper.wait()
        first.give_back()
        waiting.join(5)
