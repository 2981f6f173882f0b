"""What the instructor's formgrader may do on the hub (configured in hub/roles/instructor/nbgrader_config.py).

- SandboxOnly, the first autograde preprocessor: autograde runs only with the grading sandbox's kernel,
  which `python -m tools.grading grade` sets up for each submission (tools/grading/sandbox.py). The
  formgrader's Autograde button would run a student's notebook with the instructor's own rights and keep
  the points its test cells earned inside the student's kernel; it stops instead, and says what to run.
- FeedbackExporter: the formgrader's Generate Feedback writes the same sanitised page `grade` writes
  (tools.grading.sanitize.sanitize_page on nbgrader's HTML), so regenerating feedback weakens nothing.
- SafeCells, a preprocessor of every HTML export the formgrader makes (the submission view among them):
  each Markdown cell is rendered, cleaned by the allowlist and shown as HTML that is not rendered again;
  each raw cell is shown as text; each output keeps only what the feedback page keeps
  (tools.grading.sanitize.safe_data: text, PNG/JPEG/GIF images, HTML or Markdown cleaned by the same
  allowlist). nbgrader's templates render Markdown cells without
  sanitising them, and nbconvert's own sanitiser keeps class names, so an output could still lay a
  fixed panel of the page's CSS (a fake score) over the view.
"""

import html

from nbconvert.exporters import HTMLExporter
from nbconvert.filters import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_raw_cell
from nbgrader.preprocessors import NbGraderPreprocessor

from tools.grading.sandbox import KERNEL_NAME
from tools.grading.sanitize import safe_data, safe_markdown, sanitize_page

GRADE_COMMAND = "cd ~/course && python -m tools.grading grade"


class NotSandboxed(Exception):
    pass


class SandboxOnly(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        kernel = self.config.Execute.get("kernel_name")
        if kernel != KERNEL_NAME:
            raise NotSandboxed(
                "Autograde from the formgrader is switched off on this hub: student notebooks are graded one "
                f"by one in the grading sandbox, with points decided outside their kernels. In a terminal, run: "
                f"{GRADE_COMMAND}   (then reload the formgrader)"
            )
        return nb, resources


class FeedbackExporter(HTMLExporter):
    def from_notebook_node(self, nb, resources=None, **kw):
        output, resources = super().from_notebook_node(nb, resources, **kw)
        return sanitize_page(output), resources


class SafeCells(Preprocessor):
    def preprocess(self, nb, resources):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                for output in cell.outputs:
                    if "data" in output:  # a stream or an error is text
                        output.data = NotebookNode(safe_data(output.data))
                continue
            if cell.cell_type == "markdown" and "nbgrader" not in cell.metadata:
                source = safe_markdown(markdown2html_mistune(cell.source))
            elif cell.cell_type == "raw":
                source = f"<pre>{html.escape(cell.source)}</pre>"
            else:
                continue
            nb.cells[index] = new_raw_cell(
                source, id=cell.id, metadata={"raw_mimetype": "text/html"}
            )
        return nb, resources
