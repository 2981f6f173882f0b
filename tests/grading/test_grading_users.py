"""Grading runs going on at once get grading users of their own: the kernel's process limit counts
every process of its user, so two runs sharing one (two instructors, two test workers) made each
other's kernels fail to start threads ("Resource temporarily unavailable")."""

import os

import pytest

from tools.grading.sandbox import FIRST_UID, MAX_SLOTS, UID_BLOCKS, Sandbox, claim_uids


def test_each_run_holds_a_block_of_its_own_until_it_lets_go(tmp_path):
    locks = tmp_path / "locks"
    first, lock = claim_uids(locks)
    second, other = claim_uids(locks)
    assert (first, second) == (61000, 61016)
    os.close(lock)
    again, _ = claim_uids(locks)
    assert again == first
    os.close(other)


def test_when_every_block_is_held_the_run_says_so(tmp_path):
    locks = tmp_path / "locks"
    held = [claim_uids(locks) for _ in range(UID_BLOCKS)]
    assert [first for first, _ in held] == [
        FIRST_UID + block * MAX_SLOTS for block in range(UID_BLOCKS)
    ]
    with pytest.raises(SystemExit, match="grading runs are going on at once"):
        claim_uids(locks)
    for _, lock in held:
        os.close(lock)


def test_a_linked_lock_folder_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "locks").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SystemExit, match="not a link"):
        claim_uids(tmp_path / "locks")


def test_slots_beyond_the_block_are_refused(tmp_path):
    box = Sandbox.__new__(Sandbox)  # a sandbox's users without staging the course
    box.first_uid = 61016
    assert [box.uid(0), box.uid(MAX_SLOTS - 1)] == [61016, 61031]
    with pytest.raises(ValueError, match="slot must be in 0..15, got 16"):
        box.uid(MAX_SLOTS)
