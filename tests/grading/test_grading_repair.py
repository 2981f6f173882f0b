"""Fast checks of the grading pieces that need no nbgrader run: repair, feedback filter, integrity, refusal."""

import json

import nbformat
import pytest

import tests.grading.submissions  # noqa: F401  (puts the repository on sys.path)
from tools.grading import run as grade_module
from tools.grading.feedback import HIDDEN, FeedbackFilter
from tools.grading.integrity import changes, snapshot
from tools.grading.plain import make_plain, plain, write_csv
from tools.grading.repair import Rejected, check_folders, read_file, read_submission, repair
from tools.grading.sanitize import sanitize_page


def release():
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    answer = nbformat.v4.new_code_cell("def f():\n    raise NotImplementedError()", id="a1")
    answer.metadata.nbgrader = {
        "grade": False,
        "grade_id": "f",
        "locked": False,
        "schema_version": 3,
        "solution": True,
        "task": False,
    }
    test = nbformat.v4.new_code_cell("assert f() == 1", id="t1")
    test.metadata.nbgrader = {
        "grade": True,
        "grade_id": "check_f",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    nb.cells = [nbformat.v4.new_markdown_cell("intro", id="m1"), answer, test]
    return nb


def submitted(mutate):
    nb = json.loads(nbformat.writes(release()))
    nb["cells"][1]["source"] = "def f():\n    return 1"
    mutate(nb)
    return nb


def grade_ids(nb):
    return [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells]


def test_a_copy_pasted_answer_cell_keeps_one_grade_id():
    nb, notes = repair(
        submitted(lambda nb: nb["cells"].insert(2, dict(nb["cells"][1], id="a1"))), release()
    )
    assert grade_ids(nb) == [None, "f", None, "check_f"]
    assert len({cell.id for cell in nb.cells}) == 4
    assert "dropped nbgrader metadata (a copy of cell 'f')" in notes[0]


def test_lost_or_mangled_metadata_is_rebuilt_from_the_release():
    def mangle(nb):
        del nb["cells"][1]["metadata"]["nbgrader"]
        nb["cells"][2]["metadata"]["nbgrader"].update(points="lots", grade=False, schema_version=99)
        nb["metadata"]["kernelspec"] = {
            "name": "evil",
            "display_name": "evil",
            "language": "python",
        }

    nb, notes = repair(submitted(mangle), release())
    assert [c.metadata.get("nbgrader") for c in nb.cells] == [
        c.metadata.get("nbgrader") for c in release().cells
    ]
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.cells[1].source == "def f():\n    return 1"
    assert notes == ["restored the nbgrader metadata of 2 cell(s): f, check_f"]


def test_foreign_metadata_is_dropped_and_a_missing_test_cell_put_back():
    def mangle(nb):
        nb["cells"][0]["metadata"]["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 100}
        del nb["cells"][2]

    nb, notes = repair(submitted(mangle), release())
    assert grade_ids(nb) == [None, "f", "check_f"]
    assert nb.cells[2].source == "assert f() == 1"
    assert "put back the missing test cell 'check_f'" in notes


@pytest.mark.parametrize(
    "content, why",
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a notebook"),
        (json.dumps({"nbformat": 99, "cells": []}).encode(), "format version 99"),
    ],
)
def test_files_that_are_not_notebooks_are_rejected_with_a_reason(tmp_path, content, why):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(Rejected, match=why):
        read_submission(path)


def test_feedback_filter_cuts_hidden_tests_tracebacks_and_active_content():
    nb = release()
    nb.cells[
        2
    ].source = "check(f)\n### BEGIN HIDDEN TESTS\nassert f() == 12345\n### END HIDDEN TESTS"
    nb.cells[1].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x assert f() == 12345 y"),
        nbformat.v4.new_output(
            "display_data", data={"application/javascript": "alert(1)", "text/plain": "ok"}
        ),
    ]
    nb.cells[2].outputs = [
        nbformat.v4.new_output(
            "error",
            ename="CheckFailed",
            evalue="f() returned 2",
            traceback=["\x1b[0;31massert f() == 12345\x1b[0m"],
        )
    ]
    nb.cells.append(nbformat.v4.new_raw_cell("<script>alert(1)</script>"))
    # nbgrader's generate_feedback names the assignment (the quiz keys are read from its instructor copy)
    nb, _ = FeedbackFilter().preprocess(nb, {"nbgrader": {"assignment": "01_single_neuron"}})
    assert nb.cells[2].source == "check(f)"
    assert nb.cells[1].outputs[0].text == f"x {HIDDEN} y"
    assert nb.cells[1].outputs[1].data == {"text/plain": "ok"}
    assert nb.cells[2].outputs[0].traceback == ["CheckFailed: f() returned 2"]
    assert nb.cells[3].cell_type == "markdown"


def test_integrity_names_every_changed_file(tmp_path):
    (tmp_path / "a.py").write_text("a")
    (tmp_path / "b.py").write_text("b")
    trees = {"code": (tmp_path, True)}
    before = snapshot(trees)
    (tmp_path / "a.py").write_text("A")
    (tmp_path / "b.py").unlink()
    (tmp_path / "c.pth").write_text("import os")
    assert changes(before, snapshot(trees)) == [
        "code: c.pth was added",
        "code: b.py was removed",
        "code: a.py was changed",
    ]


def test_grading_refuses_without_bubblewrap_unless_the_sandbox_is_off(tmp_path, monkeypatch):
    (tmp_path / "submitted" / "s" / "01_single_neuron").mkdir(parents=True)
    monkeypatch.setattr(grade_module, "bwrap", lambda: None)
    with pytest.raises(SystemExit, match="(?s)`bwrap` is not installed.*make grade SANDBOX=off"):
        grade_module.grade(tmp_path)


def test_the_finished_page_keeps_nothing_active_in_its_body():
    page = (
        "<html><head><script src='mathjax.js'></script></head><body><p onclick='x()'>hi</p>"
        "<script>alert(1)</script><a href=' JaVa&#x09;script:alert(1)'>a</a><a href='https://x.org'>b</a>"
        "<img src='data:image/png;base64,AAAA'><img src='data:text/html,<script>'><iframe src='x'></iframe></body></html>"
    )
    clean = sanitize_page(page)
    assert (
        "mathjax.js" not in clean
        and "<script" not in clean
        and "onclick" not in clean
        and "iframe" not in clean
    )
    assert (
        'href="https://x.org"' in clean and "data:image/png" in clean and "data:text" not in clean
    )


def test_outputs_are_capped_per_output_per_cell_and_per_notebook():
    from tools.grading.execute import GradingExecute, size_of

    execute = GradingExecute(
        max_output_bytes=10_000, max_cell_bytes=30_000, max_notebook_bytes=50_000
    )
    execute.notebook_bytes = 0

    def stream(n):
        return nbformat.v4.new_output("stream", name="stdout", text="x" * n)

    one = [stream(200_000)]  # one output over its own limit
    execute.notebook_bytes += execute.cap(one)
    assert size_of(one[0]) <= 10_000 and "the limit for one output is 10,000 bytes" in one[0].text
    cell = [stream(9_000) for _ in range(6)]  # each fits; together over the cell's limit
    execute.notebook_bytes += execute.cap(cell)
    assert sum(map(size_of, cell)) <= 30_000
    assert "over the limit for one cell, 30,000 bytes" in cell[3].text
    last = [stream(9_000) for _ in range(3)]  # the notebook's total is reached
    execute.notebook_bytes += execute.cap(last)
    assert "over the limit for the notebook, 50,000 bytes" in last[-1].text
    assert execute.notebook_bytes <= 50_000 + 3 * 200  # (a cut output keeps its note)


def test_a_copied_test_cell_above_the_answer_costs_nothing():
    def copy_test_above(nb):
        nb["cells"].insert(
            1, dict(nb["cells"][2], id="pasted")
        )  # the test cell, pasted above the answer

    nb, notes = repair(submitted(copy_test_above), release())
    assert [cell.id for cell in nb.cells] == ["m1", "pasted", "a1", "t1"]
    assert grade_ids(nb) == [
        None,
        None,
        "f",
        "check_f",
    ]  # the release's test cell, below the answer
    assert "dropped nbgrader metadata (a copy of cell 'check_f')" in notes[0]


def test_a_test_cell_moved_above_its_answer_is_put_back_below_it():
    def move_test_up(nb):
        nb["cells"].insert(1, nb["cells"].pop(2))

    nb, notes = repair(submitted(move_test_up), release())
    assert [cell.id for cell in nb.cells] == ["m1", "a1", "t1"]
    assert notes == ["moved the test cell 'check_f' below 'f', where the release has it"]


def test_links_are_not_followed(tmp_path):
    secret = tmp_path / "instructor.ipynb"
    secret.write_text(nbformat.writes(release()))
    link = tmp_path / "submitted" / "s" / "01_single_neuron" / "01_single_neuron.ipynb"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    with pytest.raises(Rejected, match="the notebook is a symbolic link .*links are not followed"):
        read_submission(link)
    (link.parent / "submission_secret.txt").symlink_to("/etc/shadow")
    with pytest.raises(Rejected, match="submission_secret.txt is a symbolic link"):
        read_file(link.parent / "submission_secret.txt", 4096, "submission_secret.txt")
    folder = tmp_path / "submitted" / "t"
    folder.symlink_to(tmp_path / "submitted" / "s")
    with pytest.raises(Rejected, match="the folder t is a symbolic link"):
        check_folders(tmp_path / "submitted", folder / "01_single_neuron")
    check_folders(tmp_path / "submitted", link.parent)  # real folders pass


def test_reports_are_plain_text(tmp_path):
    evil = "check_relu\x1b[2K\x1b]52;c;ZXZpbA==\x07\u202e\r\nnext"
    assert plain(evil) == "check_relu[2K]52;c;ZXZpbA==  next"
    write_csv(tmp_path / "r.csv", ["id", "why"], [{"id": evil, "why": "ok"}, (evil, "\x9b31m")])
    text = (tmp_path / "r.csv").read_text()
    assert not any(ord(char) < 32 and char != "\n" or 0x7F <= ord(char) < 0xA0 for char in text)
    assert text.count("\n") == 3
    make_plain(tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_text() == text


def test_once_the_time_budget_is_spent_the_cells_left_are_not_run(tmp_path):
    """Five cells that each sleep 1.5 s, a budget of 2 s: whatever the machine's speed, the last
    cell starts after the budget is spent, so it is not run, and the note says why."""
    from tools.grading.execute import GradingExecute

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import time\ntime.sleep(1.5)") for _ in range(5)]
    )
    execute = GradingExecute(timeout=20, budget=2, kernel_name="python3", notes_file="")
    nb, _ = execute.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    not_run = [cell for cell in nb.cells if cell.outputs and cell.outputs[0].ename == "NotRun"]
    assert nb.cells[-1] in not_run and nb.cells[0] not in not_run
    assert "time budget of 2 s" in not_run[0].outputs[0].evalue
    assert execute.notes == [
        "the submission's cells ran for more than its time budget of 2 s; the cells left were not run"
    ]


def test_a_working_directory_over_the_caps_is_emptied_and_reported(tmp_path):
    from tools.grading import sandbox

    small = tmp_path / "small"
    (small / ".config").mkdir(parents=True)
    (small / "notes.txt").write_text("kept")
    assert sandbox.tidy(small) == [] and (small / "notes.txt").read_text() == "kept"
    many = tmp_path / "many"
    many.mkdir()
    for number in range(sandbox.MAX_KEPT_FILES + 1):
        (many / f"f{number}").touch()
    (many / "link").symlink_to("/etc")  # counted, not followed
    problems = sandbox.tidy(many)
    assert problems and "left more than 1000 files or 64 MiB" in problems[0]
    assert many.is_dir() and not any(many.iterdir())
    big = tmp_path / "big"
    big.mkdir()
    with open(big / "huge", "wb") as f:
        f.truncate(sandbox.MAX_KEPT_BYTES + 1)  # sparse: no disk used
    assert sandbox.tidy(big, "its judge run")[0].startswith("its judge run left more than")
    assert not any(big.iterdir())
