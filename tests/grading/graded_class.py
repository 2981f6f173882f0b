"""One release and one graded class per lesson, shared by the grading suites of a test session.

Each suite registers, when it is imported, the students it adds to a lesson (`register`): the round trip
(tests/grading/test_grading.py) its made-up students and cheats, the hostile suite (tests/grading/test_grading_hostile.py)
its careless, broken and hostile submissions, the judge's and lesson 04's suites (test_grading_judge.py,
test_grading_lesson04.py) theirs, each under a prefix of its own. The first suite that asks for a lesson (`graded`) releases it
once, writes every registered student's submission and grades the whole class once, with the sandbox
on; the others read the result. The trusted-score tests read the release only (`released`).

Under pytest-xdist (make test runs two workers) the suites may ask from two processes: the work lives in
the session's shared temporary folder, and a lock file per lesson makes the first to ask build it while the
others wait and read it from disk.
"""

import csv
import fcntl
import hashlib
import json
import os
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat

from tests.grading.submissions import ROOT, sandbox_available, source_notebook
from tools.grading.release import release as release_lessons
from tools.grading.run import grade

TIMEOUT = (
    10  # seconds per cell in these tests (30 in nbgrader_config.py): importing the course beside
)
#               a busy CPU took over 5 s (load 25 on 2 cores), which cost honest students their points
SETTLE_S = (
    1.5  # after export: a process a submission left behind would have rewritten grades.csv by now
)
BUILDERS = {}  # lesson -> [build(root, lesson, release, source, port)] registered by the suites
_lock = threading.Lock()
_done = {}  # lesson -> summary, in this process


def register(lesson, build, needs_sandbox=False):
    """Add the submissions `build(root, lesson, release, source, port)` writes under root/submitted/ to the class of
    `lesson` (port: a server on 127.0.0.1 that counts connections). A build that needs the sandbox is left
    out when bubblewrap is missing."""
    BUILDERS.setdefault(lesson, []).append((build, needs_sandbox))


def shared_folder(tmp_path_factory):
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "graded-class"


@contextmanager
def locked(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def released(tmp_path_factory, lesson):
    """The course root in which `lesson` is released (root/source/, root/release/), once per session."""
    root = shared_folder(tmp_path_factory) / lesson
    with locked(root.parent / f"{lesson}.release.lock"):
        if not (root / "released").exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            release_lessons(root, only=[lesson])
            (root / "released").touch()
    return root


def tree_digest(*paths):
    digest = hashlib.sha256()
    for path in paths:
        for file in sorted(
            p for p in Path(path).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(str(file).encode() + file.read_bytes())
    return digest.hexdigest()


def course_digest():
    return tree_digest(ROOT / "nnhelpers", ROOT / "notebooks", ROOT / "tools")


def file_digests(folder):
    """{relative path: digest of the contents, or where a link points} of every file under `folder`."""
    return {
        str(p.relative_to(folder)): "link:" + os.readlink(p)
        if p.is_symlink()
        else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def grade_lesson(root, lesson):
    """Write the registered submissions of `lesson` and grade them; return the summary kept on disk."""
    sandbox = sandbox_available()
    release = nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    source = source_notebook(lesson)
    server = socket.create_server(("127.0.0.1", 0))
    received = []
    threading.Thread(target=lambda: received.append(server.accept()), daemon=True).start()
    for build, needs_sandbox in BUILDERS.get(lesson, []):
        if sandbox or not needs_sandbox:
            build(root, lesson, release, source, server.getsockname()[1])
    submitted = file_digests(root / "submitted")
    before = course_digest()
    # The lessons with the most students grade more at once: most of a run waits for kernels and timeouts.
    jobs = 3 if len(list((root / "submitted").glob("*"))) > 30 else 2
    grade(root, timeout=TIMEOUT, sandbox=sandbox, jobs=jobs)
    shutil.copy(root / "grades.csv", root / "grades-at-export.csv")
    time.sleep(SETTLE_S)
    server.close()
    return {
        "lesson": lesson,
        "root": str(root),
        "sandbox": sandbox,
        "received": len(received),
        "submitted_before": submitted,
        "course_before": before,
    }


def graded_lesson(tmp_path_factory, lesson):
    """The summary of the graded class of `lesson`: grading it if no suite of this session has."""
    with _lock:
        if lesson in _done:
            return _done[lesson]
    root = released(tmp_path_factory, lesson)
    done = root / "graded.json"
    with locked(root.parent / f"{lesson}.grade.lock"):
        if not done.exists():
            done.write_text(json.dumps(grade_lesson(root, lesson)))
    summary = json.loads(done.read_text())
    with _lock:
        _done[lesson] = summary
    return summary


def graded(tmp_path_factory, lessons):
    """{lesson: summary} for every lesson named, the largest classes started first, three at a time
    (each lesson has a gradebook of its own)."""
    order = sorted(lessons, key=lambda lesson: -len(BUILDERS.get(lesson, [])))
    # pytest makes its base folder on the first call and is not thread-safe there: make it here.
    tmp_path_factory.getbasetemp()
    with ThreadPoolExecutor(max_workers=3) as pool:
        summaries = list(pool.map(lambda lesson: graded_lesson(tmp_path_factory, lesson), order))
    return {summary["lesson"]: summary for summary in summaries}


def csv_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def prefixed(tmp_path_factory, lesson, prefix):
    """(the course root of the graded class of `lesson`, {student: score}, [verdicts.jsonl rows]) for
    the students whose ids start with `prefix` (a suite's own), named without it."""
    root = Path(graded(tmp_path_factory, [lesson])[lesson]["root"])
    scores = {
        row["student_id"].removeprefix(prefix): float(row["score"])
        for row in csv_rows(root / "grades.csv")
        if row["student_id"].startswith(prefix)
    }
    verdicts = [json.loads(line) for line in (root / "verdicts.jsonl").read_text().splitlines()]
    verdicts = [
        {**v, "student": v["student"].removeprefix(prefix)}
        for v in verdicts
        if v["student"].startswith(prefix)
    ]
    return root, scores, verdicts
