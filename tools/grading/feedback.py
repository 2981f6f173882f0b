"""What a student's feedback page may show (a preprocessor of nbgrader's generate_feedback, configured in
nbgrader_config.py; HTMLExporter.sanitize_html then cleans every HTML and Markdown fragment with bleach).

- Hidden tests are cut from the test cells, and any line of them that reached an output (a student can
  print `In`, the kernel's input history) is blanked out there too.
- Errors show only their name and message, the self-check's words ("your dweights has shape (4, 3),
  expected (3, 4)"), never a traceback: tracebacks quote the test code.
- Outputs keep only inert kinds of data (sanitize.safe_data: text, PNG, JPEG and GIF images, HTML and
  Markdown as cleaned HTML): no JavaScript, no widgets, no SVG. Raw cells, which HTML export would paste in verbatim, become Markdown.
- Below each graded quiz's test cell, its right answer and why each option is right or wrong, read from the
  instructor notebook in notebooks/ (tools/grading/quizzes.py), never from anything the kernel held.
- The finished page then goes through sanitize.sanitize_page (an allowlist): nbgrader's feedback template
  renders Markdown cells unsanitised.
"""

import re

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from ..course import NOTEBOOKS
from .quizzes import add_keys_to_feedback
from .sanitize import safe_data

HIDDEN = "[hidden test]"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def hidden_regions(source, begin, end):
    """(source without its hidden-test regions, the lines those regions held)."""
    kept, hidden, inside = [], [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            hidden.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), [line for line in hidden if len(line) >= 8]


def redact(text, lines):
    for line in lines:
        text = text.replace(line, HIDDEN)
    return text


class FeedbackFilter(NbGraderPreprocessor):
    begin = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("END HIDDEN TESTS").tag(config=True)

    def preprocess(self, nb, resources):
        hidden = []
        for cell in nb.cells:
            cell.source, lines = hidden_regions(cell.source, self.begin, self.end)
            hidden += lines
        hidden = sorted(set(hidden), key=len, reverse=True)  # longest first: no half-redacted lines
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "raw":
                cell = nb.cells[index] = new_markdown_cell(
                    cell.source, id=cell.id, metadata=cell.metadata
                )
            if cell.cell_type == "code":
                cell.outputs = [self.safe(output, hidden) for output in cell.outputs]
        add_keys_to_feedback(nb, NOTEBOOKS / f"{resources['nbgrader']['assignment']}.ipynb")
        return nb, resources

    def safe(self, output, hidden):
        if output.output_type == "error":
            output.ename = redact(ANSI.sub("", str(output.ename)), hidden)
            output.evalue = redact(ANSI.sub("", str(output.evalue)), hidden)
            output.traceback = [f"{output.ename}: {output.evalue}"]
        elif output.output_type == "stream":
            output.text = redact(output.text, hidden)
        elif "data" in output:
            output.data = safe_data(
                {
                    kind: redact(value, hidden)
                    if isinstance(value, str) and kind.startswith("text/")
                    else value
                    for kind, value in output.data.items()
                }
            )
            output.metadata = {}
        return output
