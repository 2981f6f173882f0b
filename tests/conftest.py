"""Shared by every test folder.

The header of each run says which tools that the course does not install are here for the tests that
need them, so that a newcomer sees at once why some tests say "skipped" (tests/__init__.py's
skip_or_fail: a missing tool skips them, or fails them where .ci/run sets NN_<TOOL>_TEST=required).
"""

import os
import shutil
from importlib import metadata
from pathlib import Path


def _chromium():
    path = os.environ.get("NN_CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).exists() else None


def _torch():
    try:
        return f"torch {metadata.version('torch')}"
    except metadata.PackageNotFoundError:
        return None


def _hub():
    return "asked" if os.environ.get("NN_HUB_TEST") in ("1", "required") else None


# Each optional tool, the tests that need it, where it is here (None: absent), what absent means,
# and the variable that makes its absence a failure.
OPTIONAL = [
    ("Chromium", "browser/, course/test_site.py", _chromium, "missing", "NN_BROWSER_TEST"),
    ("bubblewrap", "grading/", lambda: shutil.which("bwrap"), "missing", "NN_SANDBOX_TEST"),
    ("PyTorch", "engine/test_against_torch.py", _torch, "missing", "NN_TORCH_TEST"),
    (
        "JupyterHub as root",
        "hub/test_hub.py",
        _hub,
        "not asked (NN_HUB_TEST=1 asks)",
        "NN_HUB_TEST",
    ),
]


def pytest_report_header(config):
    parts = []
    for tool, tests, where, absent, variable in OPTIONAL:
        mode = os.environ.get(variable)
        parts.append(
            f"{tool} for {tests}: {where() or absent}" + (f" ({variable}={mode})" if mode else "")
        )
    return ["optional tools: " + "; ".join(parts)]


# `make test` runs two workers that each take whole files (pytest-xdist --dist loadfile, in the order
# of collection: --no-loadscope-reorder). The round trip grades every lesson's class once, keeping
# both cores busy for minutes, so it goes first; what mostly waits (JupyterHub and Chromium) and the
# class report's own class go beside it; the suites that read the graded classes go last, when the
# classes are there to read, instead of holding a worker while they wait for them.
FIRST = [
    "tests/grading/test_grading.py",
    "tests/hub/test_hub.py",
    "tests/grading/test_class_report_class.py",
]
LAST = [
    "tests/grading/test_grading_hostile.py",
    "tests/grading/test_grading_judge.py",
    "tests/grading/test_grading_lesson04.py",
]


def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        if path in FIRST:
            return FIRST.index(path)
        return len(FIRST) + 1 + LAST.index(path) if path in LAST else len(FIRST)

    items.sort(key=rank)  # a stable sort: each file's tests keep their order
