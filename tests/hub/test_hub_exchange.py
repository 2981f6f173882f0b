"""The hub's Collect (hub/exchange.py) through a real `nbgrader collect`, without the hub: entries of the
exchange's inbound/ made by hand as two existing system accounts (daemon, bin) stand in for two students.
Needs root (to hand the entries to those accounts)."""

import csv
import json
import os
import subprocess

import pytest
from tests.grading.submissions import ROOT

from tools.course import COURSE_ID as COURSE, nbgrader_command

LESSON = "01_single_neuron"
ALICE, MALLORY = "daemon", "bin"  # system accounts present on every Debian/Ubuntu machine

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="hands files to other accounts: run as root"
)


def entry(inbound, student, stamp, owner, notebook="{}", links=()):
    """An inbound entry as `nbgrader submit` makes it, named for `student`, owned by the account `owner`."""
    folder = inbound / f"{student}+{LESSON}+2026-12-06 0{stamp}:00:00.000000 UTC+r{stamp}"
    folder.mkdir()
    (folder / "timestamp.txt").write_text(f"2026-12-06 0{stamp}:00:00.000000 UTC")
    (folder / f"{LESSON}.ipynb").write_text(notebook)
    for name, target in links:
        (folder / name).symlink_to(target)
    for path in [folder, *folder.iterdir()]:
        os.lchown(path, *(lambda p: (p.pw_uid, p.pw_gid))(__import__("pwd").getpwnam(owner)))
    return folder


def collect(course_root, exchange):
    command, env = nbgrader_command(
        course_root,
        "collect",
        LESSON,
        "--update",
        f"--Exchange.root={exchange}",
        f"--CourseDirectory.course_id={COURSE}",
        "--ExchangeFactory.collect=hub.exchange.OwnedCollect",
    )
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)


def test_collect_takes_a_submission_only_from_the_account_it_names_and_follows_no_link(tmp_path):
    exchange, course = tmp_path / "exchange", tmp_path / "course"
    inbound = exchange / COURSE / "inbound"
    inbound.mkdir(parents=True)
    course.mkdir()
    secret = tmp_path / "solutions.ipynb"
    secret.write_text(json.dumps({"solutions": True}))
    entry(inbound, ALICE, 1, ALICE, notebook=json.dumps({"alice": 11}))
    entry(inbound, ALICE, 2, MALLORY, notebook=json.dumps({"blank": 0}))  # a later, spoofed one
    entry(inbound, MALLORY, 3, MALLORY, notebook="{}", links=[("solutions.ipynb", secret)])
    done = collect(course, exchange)
    assert done.returncode == 0, done.stderr
    collected = course / "submitted" / ALICE / LESSON / f"{LESSON}.ipynb"
    assert json.loads(collected.read_text()) == {"alice": 11}  # the classmate's stays
    assert not (course / "submitted" / MALLORY).exists()
    with open(course / "collect-refused.csv") as f:
        refused = {row["entry"].split("+")[2][11:13]: row for row in csv.DictReader(f)}
    assert (
        refused["02"]["student_id"] == ALICE
        and f"owned by {MALLORY}, not by {ALICE}" in refused["02"]["reason"]
    )
    assert "symbolic link (solutions.ipynb)" in refused["03"]["reason"]
    assert "Not collected" in done.stderr

    from tools.grading.run import refused_at_collect  # and `grade` reports them

    rows = refused_at_collect(course)
    assert {(row["student_id"], row["outcome"]) for row in rows} == {
        (ALICE, "refused at collect"),
        (MALLORY, "refused at collect"),
    }
