"""What the instructor's formgrader may do on the hub (hub/guard.py): its Autograde runs only in the grading
sandbox, and its Generate Feedback writes pages as sanitised as `grade`'s. Plus the settings each role's
server reads (hub/roles/), which the hub test (test_hub.py) sees in a browser only when it runs."""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from hub.guard import FeedbackExporter, NotSandboxed, SandboxOnly  # noqa: E402
from tools.grading.sandbox import KERNEL_NAME  # noqa: E402

ROLES = ROOT / "hub" / "roles"


def guard(kernel_name=None):
    config = Config()
    if kernel_name:
        config.Execute.kernel_name = kernel_name
    return SandboxOnly(config=config)


def test_autograde_outside_the_sandbox_is_refused_with_the_command_to_run():
    nb = nbformat.v4.new_notebook()
    for kernel in (None, "python3"):
        with pytest.raises(NotSandboxed, match="python -m tools.grading grade"):
            guard(kernel).preprocess(nb, {})
    assert guard(KERNEL_NAME).preprocess(nb, {}) == (nb, {})


def test_feedback_pages_from_the_formgrader_are_sanitised():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "My answer <script>alert('stolen')</script> <img src=x onerror=\"alert('img')\">"
            )
        ]
    )
    plain, _ = HTMLExporter().from_notebook_node(nb)
    assert (
        "alert('stolen')" in plain and "onerror" in plain
    )  # what the feedback template would pass on
    page, _ = FeedbackExporter().from_notebook_node(nb)
    assert "My answer" in page
    body = page.split("<body", 1)[1]
    assert "<script" not in body and "onerror" not in body  # the words stay, as inert text


def test_students_servers_switch_off_the_formgrader_and_create_assignment():
    server = json.loads((ROLES / "student" / "jupyter_server_config.json").read_text())
    extensions = server["ServerApp"]["jpserver_extensions"]
    assert extensions["nbgrader.server_extensions.formgrader"] is False
    assert "nbgrader.server_extensions.assignment_list" not in extensions  # stays on
    lab = json.loads((ROLES / "student" / "labconfig" / "page_config.json").read_text())[
        "disabledExtensions"
    ]
    assert lab["@jupyter/nbgrader:formgrader"] and lab["@jupyter/nbgrader:create-assignment"]
    assert "@jupyter/nbgrader:assignment-list" not in lab
    assert not (ROLES / "instructor" / "labconfig").exists()  # the instructor keeps everything
