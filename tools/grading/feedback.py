"""What a student's feedback page may show (a preprocessor of nbgrader's generate_feedback, configured in
nbgrader_config.py; HTMLExporter.sanitize_html then cleans every HTML and Markdown fragment with bleach).

- Hidden tests are cut from the test cells, and any line of them that reached an output (a student can
  print `In`, the kernel's input history) is blanked out there too.
- Errors show only their name and message, the self-check's words ("your dweights has shape (4, 3),
  expected (3, 4)"), never a traceback: tracebacks quote the test code.
- Outputs keep only inert kinds of data (text, HTML and Markdown to be sanitised, PNG and JPEG images):
  no JavaScript, no widgets, no SVG. Raw cells, which HTML export would paste in verbatim, become Markdown.
- Below each graded quiz's test cell, its right answer and why each option is right or wrong, read from the
  instructor notebook in notebooks/ (tools/grading/quizzes.py), never from anything the kernel held.
- `sanitize_page`, run on the finished page, removes whatever active content is left in its body (scripts,
  frames, event handlers, javascript: links): nbgrader's feedback template renders Markdown cells unsanitised.
"""
import re

from nbgrader.preprocessors import NbGraderPreprocessor
from nbformat.v4 import new_markdown_cell
from traitlets import Unicode

from .course import NOTEBOOKS
from .quizzes import add_keys_to_feedback

SAFE_DATA = ("text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg")
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
        hidden = sorted(set(hidden), key=len, reverse=True)     # longest first: no half-redacted lines
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "raw":
                cell = nb.cells[index] = new_markdown_cell(cell.source, id=cell.id, metadata=cell.metadata)
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
            output.data = {kind: redact(value, hidden) if isinstance(value, str) and kind.startswith("text/") else value
                           for kind, value in output.data.items() if kind in SAFE_DATA}
            output.metadata = {}
        return output


# Elements and URL schemes a feedback page's body never needs; nbconvert's own scripts sit in <head>.
ACTIVE_ELEMENTS = ("script", "iframe", "object", "embed", "frame", "frameset", "base", "form", "meta", "link")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster")
SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif);", re.I)


def sanitize_page(page):
    """The feedback page with nothing active left in its body: a last gate after rendering, for what the
    feedback template renders without sanitising (Markdown cells)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(page, "html.parser")
    if soup.body is None:
        return page
    for element in soup.body.find_all(ACTIVE_ELEMENTS):
        element.decompose()
    for element in soup.body.find_all(True):
        for name in list(element.attrs):
            value = re.sub(r"[\s\x00-\x1f]", "", str(element.attrs[name])).lower()
            if name.lower().startswith("on") or (name.lower() in URL_ATTRIBUTES and ":" in value.split("/")[0]
                                                 and not value.startswith(("http:", "https:", "mailto:"))
                                                 and not SAFE_DATA_URL.match(value)):
                del element.attrs[name]
    return str(soup)
