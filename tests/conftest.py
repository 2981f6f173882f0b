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
