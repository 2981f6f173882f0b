"""The words nbgrader's feedback template writes around a student's notebook ("Student's answer",
"Score: 2.0 / 3.0", "Comments:", "(Top)"), in the grader's language (nnhelpers.i18n; `make grade
LANG=uk`).

nbgrader's template is English and has no catalogue; its words sit in a few places only: the page's
heading and table of contents (#toc), each graded cell's heading (div.panel-heading) and comment footer
(div.panel-footer). `in_graders_language` changes the text of those places, and only the words below:
the student's own cells, outputs and the comments the grader wrote are left as they are.
"""

import re

from bs4 import BeautifulSoup

from nnhelpers.i18n import _


def _words():
    """{the template's English: the grader's language}."""
    return {
        "Student's answer": _("Student's answer"),
        "Student's task": _("Student's task"),
        "Grade cell:": _("Grade cell:"),
        "Task:": _("Task:"),
        "Test cell": _("Test cell"),
        "Coding free-response": _("Coding free-response"),
        "Written response": _("Written response"),
        "Task": _("Task"),
        "Comment": _("Comment"),
        "Comments:": _("Comments:"),
        "Late submission penalty": _("Late submission penalty"),
        "(Top)": _("(Top)"),
        "Score:": _("Score:"),
    }


def _template_text(page):
    """The text pieces of `page` (a BeautifulSoup) that nbgrader's template wrote."""
    places = page.select("div.panel-heading h4, #toc li, div.panel-heading > span")
    places += page.select("div.panel-footer > div > b")
    seen = set()  # a place may hold another (a heading's span in its span)
    for place in places:
        for piece in place.find_all(string=True):
            if piece.parent.name in ("h4", "li", "a", "span", "b") and id(piece) not in seen:
                seen.add(id(piece))  # not a grade id's <code>, each piece once
                yield piece


def in_graders_language(page):
    """The feedback page (HTML text) with its template's words in the grader's language."""
    words = _words()
    if all(english == said for english, said in words.items()):
        return page
    soup = BeautifulSoup(page, "html.parser")
    # Within a piece: "(Score: 1.0 / 2.0)", "Score: 1.0 / 2.0 ", "(Top)".
    inline = re.compile(r"Score:|\(Top\)")
    for piece in list(_template_text(soup)):
        text = str(piece)
        said = words.get(text.strip())
        if said is not None:
            piece.replace_with(text.replace(text.strip(), said))
        else:
            piece.replace_with(inline.sub(lambda found: words[found.group(0)], text))
    return str(soup)
