"""Notebook code cells as students see them: lines that fit the editor, and no nbval marker comments.

nbval's markers are cell tags (`nbval-check-output`, `nbval-ignore-output`, ...), written by
tools/nbval_tags.py, so a student reads only the lesson's code. 100 characters is what the JupyterLab
editor shows without cutting off at 1280 px width.
"""

import importlib
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_LINE = 100

spec = importlib.util.spec_from_file_location("nbval_tags", ROOT / "tools" / "nbval_tags.py")
nbval_tags = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbval_tags)


def long_lines(nb):
    """(cell id, line number from 1, length) of every code line longer than MAX_LINE."""
    return [
        (cell.id, number, len(line))
        for cell in nb.cells
        if cell.cell_type == "code"
        for number, line in enumerate(cell.source.split("\n"), 1)
        if len(line) > MAX_LINE
    ]


def marker_comments(nb):
    """(cell id, line) of every code line that is an nbval marker comment."""
    return [
        (cell.id, line)
        for cell in nb.cells
        if cell.cell_type == "code"
        for line in cell.source.split("\n")
        if nbval_tags.MARKER.match(line)
    ]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 9


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_code_lines_fit_the_editor(path):
    assert long_lines(nbformat.read(path, as_version=4)) == [], (
        f"code lines over {MAX_LINE} characters"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_no_nbval_marker_comments(path):
    assert marker_comments(nbformat.read(path, as_version=4)) == [], "run tools/nbval_tags.py on it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_checked_cells_are_tagged(path):
    # every notebook relies on at least one checked output; a lost tag would silently stop checking it
    nb = nbformat.read(path, as_version=4)
    assert any("nbval-check-output" in cell.metadata.get("tags", []) for cell in nb.cells)


def test_the_checks_catch_what_they_should():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1\n" + "y = " + "1 + " * 30 + "1", id="wide"),
            nbformat.v4.new_code_cell("#  NBVAL_CHECK_OUTPUT\nprint(1)", id="marked"),
            nbformat.v4.new_markdown_cell("a" * 300, id="prose"),
        ]
    )
    assert long_lines(nb) == [("wide", 2, 125)]
    assert marker_comments(nb) == [("marked", "#  NBVAL_CHECK_OUTPUT")]


def test_nbval_tags_moves_markers_into_tags_and_is_idempotent():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)", id="check"),
            nbformat.v4.new_code_cell(
                "## NBVAL_IGNORE_OUTPUT \nshow()", id="ignore", metadata={"tags": ["keep-me"]}
            ),
            nbformat.v4.new_code_cell("# NBVAL_SKIP\n# NBVAL_RAISES_EXCEPTION\n1 / 0", id="two"),
            nbformat.v4.new_code_cell(
                "# a comment that names NBVAL_CHECK_OUTPUT\nprint(2)", id="prose"
            ),
            nbformat.v4.new_markdown_cell("# NBVAL_CHECK_OUTPUT", id="md"),
        ]
    )
    assert nbval_tags.convert(nb) == 3
    check, ignore, two, prose, md = nb.cells
    assert (check.source, check.metadata.tags) == ("print(1)", ["nbval-check-output"])
    assert (ignore.source, ignore.metadata.tags) == ("show()", ["keep-me", "nbval-ignore-output"])
    assert (two.source, two.metadata.tags) == ("1 / 0", ["nbval-skip", "raises-exception"])
    assert "tags" not in prose.metadata and prose.source.startswith("# a comment")
    assert md.source == "# NBVAL_CHECK_OUTPUT"
    before = nbformat.writes(nb)
    assert nbval_tags.convert(nb) == 0 and nbformat.writes(nb) == before


def test_the_student_copy_drops_the_nbval_tags(tmp_path):
    sys.path.insert(0, str(ROOT))
    release = importlib.import_module("tools.grading.release")  # tools/ runs from the repository

    lesson = ROOT / "notebooks" / "01_single_neuron.ipynb"
    release.stage(tmp_path, [lesson])
    source = nbformat.read(lesson, as_version=4)
    staged = nbformat.read(tmp_path / "source" / lesson.stem / lesson.name, as_version=4)
    assert any(
        tag.startswith("nbval-") for cell in source.cells for tag in cell.metadata.get("tags", [])
    )
    assert [cell.metadata.get("tags", []) for cell in staged.cells] == [
        [tag for tag in cell.metadata.get("tags", []) if not tag.startswith("nbval-")]
        for cell in source.cells
    ]
    assert [cell.source for cell in staged.cells] == [
        release.KEY_LINE.sub("", cell.source) for cell in source.cells
    ]
