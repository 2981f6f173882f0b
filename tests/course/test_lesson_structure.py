"""Every lesson reads in order: numbered sections count up without a gap, every explorer sits
under a heading with a prompt that says what to try, and a cell that points at "the next cell" is
followed by it.

A section is a `## N. Title` heading (N = 1, 2, 3, ...); a subsection `### N.M Title` counts up
inside section N. Headings inside fenced code in markdown do not count. An explorer is a code cell
that makes one of the package's widgets (`nh.SomethingExplorer(...)`, `nh.LetterPad(...)`).
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

EXPLORER = re.compile(r"\bnh\.(\w*Explorer|LetterPad)\(")
SECTION = re.compile(r"^## (\d+)\. ")
SUBSECTION = re.compile(r"^### (\d+)\.(\d+) ")
# what a prompt asks the student to do: a question, or one of the verbs of trying things out
PROMPT = re.compile(
    r"\?|\b(try|move|drag|click|slide|switch|turn|pick|choose|start from|watch|"
    r"explore|change|compare|find)\b",
    re.IGNORECASE,
)
POINTER = re.compile(r"\bthe\s+(next\s+cells?|cells?\s+below)\b", re.IGNORECASE)  # across lines too


def headings(markdown):
    """The heading lines of a markdown cell, without those inside ``` fences."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.append(line)
    return found


def section_gaps(nb):
    """The headings whose number does not follow the one before: [] when they count 1, 2, 3, ..."""
    wrong, section, subsection = [], 0, 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in headings(cell.source):
            if match := SECTION.match(line):
                if int(match[1]) != section + 1:
                    wrong.append(f"{cell.id}: {line!r} after section {section}")
                section, subsection = int(match[1]), 0
            elif match := SUBSECTION.match(line):
                number = (int(match[1]), int(match[2]))
                if number != (section, subsection + 1):
                    wrong.append(f"{cell.id}: {line!r} after {section}.{subsection}")
                subsection = number[1]
    return wrong


def unprompted_explorers(nb):
    """Explorers with no heading above them, or no prompt between their heading and them."""
    wrong, prose = [], None  # prose: the markdown since the latest heading (None: none yet)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            heading_lines = [i for i, line in enumerate(lines) if line in headings(cell.source)]
            if heading_lines:
                prose = "\n".join(lines[heading_lines[-1] :])
            elif prose is not None:
                prose += "\n" + cell.source
        elif EXPLORER.search(cell.source):
            if prose is None:
                wrong.append(f"{cell.id}: no heading above the explorer")
            elif not PROMPT.search(prose):
                wrong.append(f"{cell.id}: no prompt under its heading {prose.splitlines()[0]!r}")
    return wrong


def broken_pointers(nb):
    """Markdown cells that say "the next cell" or "the cell below" but are not followed by a code
    cell, or whose pointer is followed by a heading (the cell it means is in another section)."""
    wrong = []
    for cell, after in zip(nb.cells, nb.cells[1:] + [None]):
        if cell.cell_type != "markdown" or not (match := POINTER.search(cell.source)):
            continue
        rest = cell.source[match.end() :]
        if headings(rest):
            wrong.append(f"{cell.id}: {match[0]!r}, then the heading {headings(rest)[0]!r}")
        elif after is None or after.cell_type != "code":
            wrong.append(f"{cell.id}: {match[0]!r} is not followed by a code cell")
    return wrong


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_sections_count_up_without_a_gap(path):
    assert section_gaps(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_explorer_has_a_heading_and_a_prompt(path):
    assert unprompted_explorers(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_next_cell_is_the_next_cell(path):
    assert broken_pointers(nbformat.read(path, as_version=4)) == []


def markdown(text, id):
    return nbformat.v4.new_markdown_cell(text, id=id)


def code(text, id):
    return nbformat.v4.new_code_cell(text, id=id)


def test_the_checks_catch_what_they_should():
    nb = nbformat.v4.new_notebook(
        cells=[
            markdown("# 99 · A lesson\n\n```python\n# not a heading\n```", "title"),
            markdown("## 1. One", "one"),
            markdown("### 1.1 A part\n\n### 1.3 Skipped a part", "parts"),
            markdown(
                "## 3. Skipped a section\n\nThe verdict: all is well. The next cell shows it."
                "\n\n## 4. Four",
                "three",
            ),
            code("nh.TrainingExplorer(X, Y)", "silent"),
            markdown("Move the slider: what happens?", "prompt"),
            code("nh.LetterPad(predict)", "prompted"),
            markdown("The\ncell below prints it.", "pointer"),
            markdown("## 5. Five", "five"),
        ]
    )
    assert section_gaps(nb) == [
        "parts: '### 1.3 Skipped a part' after 1.1",
        "three: '## 3. Skipped a section' after section 1",
    ]
    assert unprompted_explorers(nb) == ["silent: no prompt under its heading '## 4. Four'"]
    assert broken_pointers(nb) == [
        "three: 'The next cell', then the heading '## 4. Four'",
        "pointer: 'The\\ncell below' is not followed by a code cell",
    ]
    no_heading = nbformat.v4.new_notebook(cells=[code("nh.NeuronExplorer()", "first")])
    assert unprompted_explorers(no_heading) == ["first: no heading above the explorer"]
