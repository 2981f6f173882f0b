"""The student lab as a student meets it: no question about Jupyter news, and a root user told the
make variable to use (ALLOW_ROOT=1) instead of JupyterLab's own "Use --allow-root"."""

import json
import sys
from pathlib import Path

import pytest

from tools import workspace

ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"


def test_the_student_lab_does_not_ask_about_jupyter_news():
    page = json.loads((workspace.CONFIG / "student" / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"][ANNOUNCEMENTS] is True
    # the plugin id is JupyterLab's own: a misspelt id would disable nothing
    static = Path(sys.prefix) / "share" / "jupyter" / "lab" / "static"
    assert any(ANNOUNCEMENTS in path.read_text(errors="ignore") for path in static.glob("*.js"))


@pytest.mark.parametrize("target", ["lab", "lab-source"])
def test_root_is_told_to_use_allow_root(monkeypatch, target):
    monkeypatch.setattr(workspace.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        workspace.os, "execvpe", lambda *args: pytest.fail("JupyterLab started as root")
    )
    monkeypatch.setattr(workspace, "make_workspace", lambda: [])
    with pytest.raises(SystemExit, match=f"run: make {target} ALLOW_ROOT=1"):
        workspace.main([target])


def test_allow_root_passes(monkeypatch):
    started = []
    monkeypatch.setattr(workspace.os, "geteuid", lambda: 0)
    monkeypatch.setattr(workspace.os, "chdir", lambda path: None)
    monkeypatch.setattr(workspace.os, "execvpe", lambda *args: started.append(args[1]))
    workspace.main(["lab-source", "--allow-root"])
    assert "--allow-root" in started[0]
