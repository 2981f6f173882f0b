"""Integrity of what grading trusts: fingerprints taken before and after a run, and gradebook backups.

Course code (nnhelpers/, notebooks/, tools/, nbgrader_config.py), the staged copy the kernels import and
the nbgrader source are fingerprinted by content. The venv (~20,000 files) by each file's size, mode,
modification and change time: the change time (ctime) cannot be set back from user space, so any write
shows. Bytecode caches (__pycache__) are left out: Python itself writes them while grading runs.
"""

import hashlib
from contextlib import closing
import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path


def fingerprint(path, contents=True):
    """{relative path: digest} of every file under `path` (or of `path` itself if it is a file)."""
    path = Path(path)
    if not path.exists():
        return {}
    files = [path] if not path.is_dir() else []
    for folder, dirs, names in os.walk(path):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        files += [Path(folder) / name for name in names]
    prints = {}
    for file in files:
        info = file.lstat()
        if stat.S_ISLNK(info.st_mode):
            digest = "link:" + os.readlink(file)
        elif contents:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        else:
            digest = f"{info.st_size}:{info.st_mode:o}:{info.st_mtime_ns}:{info.st_ctime_ns}"
        prints[str(file.relative_to(path)) if file != path else "."] = digest
    return prints


def snapshot(trees):
    """{name: fingerprint} for trees given as {name: (path, by_contents)}."""
    return {name: fingerprint(path, contents) for name, (path, contents) in trees.items()}


def changes(before, after):
    """Lines naming every file that was added, removed or changed between two snapshots."""
    lines = []
    for name in before:
        old, new = before[name], after.get(name, {})
        lines += [
            f"{name}: {file} {what}"
            for what, files in (
                ("was added", new.keys() - old.keys()),
                ("was removed", old.keys() - new.keys()),
                ("was changed", {f for f in old.keys() & new.keys() if old[f] != new[f]}),
            )
            for file in sorted(files)
        ]
    return lines


def back_up_gradebook(root):
    """Copy root/gradebook.db (a consistent SQLite backup) to root/backups/gradebook-<time>.db; return its path."""
    gradebook = Path(root) / "gradebook.db"
    if not gradebook.exists():
        return None
    target = (
        Path(root)
        / "backups"
        / f"gradebook-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}.db"
    )
    target.parent.mkdir(exist_ok=True)
    with closing(sqlite3.connect(gradebook)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    shutil.copymode(gradebook, target)
    return target
