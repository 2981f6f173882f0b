"""Quiz answer keys: read from the instructor notebooks, shown on feedback pages and, for
self-learners, handed to the quiz widgets of their own workspace.

In an instructor notebook (notebooks/), the hidden test of each graded quiz holds its key and why
each option is right or wrong, a comment line at a time (an explanation may go on over several
lines):

    nh.check_quiz_answer(answer_bias, quiz_bias, "answer_bias")
    ### BEGIN HIDDEN TESTS
    # ANSWER KEY: b
    # ANSWER WHY a: Scaling the inputs is what the weights do. ...
    # ANSWER WHY b: z = x · w + b, so b moves z up or down ...
    ### END HIDDEN TESTS

release.stage strips these lines (KEY_LINE), so no release, gradebook or grading kernel holds
them. Readers: the trusted grader (the key), the feedback step (`add_keys_to_feedback`: the key and
every option's why below the quiz's test cell), and `make lab` (`write_practice_keys`: the widgets
of a self-learner's workspace then say right or wrong, and why, at once; a graded class never gets
that file).
"""

import ast
import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from nnhelpers.i18n import _, language

from ..course import REPO
from .syntax import parse

KEY = re.compile(r"^# ANSWER KEY: (\S+)", flags=re.MULTILINE)
WHY = re.compile(r"^# ANSWER WHY (\w+): (.*)$", flags=re.MULTILINE)
# Every line of a quiz's answer in the instructor's hidden test; release.stage strips them all.
KEY_LINE = re.compile(r"^# ANSWER (?:KEY|WHY \w+): .*(?:\n|$)", flags=re.MULTILINE)
# The quiz a test cell checks: nh.check_quiz_answer(<answer variable>, <quiz variable>, ...).
CHECKED_QUIZ = re.compile(r"check_quiz_answer\(\s*\w+\s*,\s*(\w+)")
# The file `make lab` writes into a self-learner's workspace; nnhelpers.quiz reads it (same name).
PRACTICE_FILE = ".practice-quizzes.json"
# The catalogue of the quizzes' whys (locale/<lang>/LC_MESSAGES/quiz-keys.po): read by the grader only.
WHYS_DOMAIN = "quiz-keys"


@dataclass(frozen=True)
class QuizKey:
    """One graded quiz: its test cell's grade id, the right option, why each option is right or
    wrong ({letter: text}), and the question and options ({letter: text}) of its widget (None if
    not found)."""

    grade_id: str
    correct: str
    why: dict
    question: str | None = None
    options: dict | None = None


def quiz_widgets(source):
    """{variable: (question, options)} of every `variable = nh.Quiz("question", {...})` in a cell
    whose question and options are written out (literals)."""
    try:
        tree = parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and len(node.value.args) >= 2
        ):
            continue
        try:
            question, options = (ast.literal_eval(arg) for arg in node.value.args[:2])
        except ValueError:
            continue
        if isinstance(question, str) and isinstance(options, dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = (question, options)
    return found


def quiz_widget(source, variable):
    """(question, options) of `variable = nh.Quiz("question", {...})` in a cell, or None."""
    return quiz_widgets(source).get(variable)


def _notebook(notebook):
    """The notebook `notebook` names (a path), or `notebook` itself (a NotebookNode)."""
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    return nbformat.read(notebook, as_version=4)


def quiz_keys(notebook):
    """{grade_id: QuizKey} of every test cell of the notebook (a path or a NotebookNode) holding an
    "# ANSWER KEY:" line, in the notebook's order. Raises ValueError if a key is not one of the
    quiz's options or an option has no "# ANSWER WHY" line: an instructor's slip must not reach a
    student."""
    nb = _notebook(notebook)
    keys = {}
    for cell in nb.cells:
        found = KEY.findall(cell.source)
        if not found:
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id"))
        why = {}
        for letter, text in WHY.findall(cell.source):
            why[letter] = f"{why[letter]} {text.strip()}" if letter in why else text.strip()
        checked = CHECKED_QUIZ.search(cell.source)
        widget = None
        if checked:
            widget = next(
                filter(
                    None,
                    (
                        quiz_widget(c.source, checked.group(1))
                        for c in nb.cells
                        if c.cell_type == "code"
                    ),
                ),
                None,
            )
        question, options = widget or (None, None)
        letters = sorted(options) if options else sorted(why)
        if found[0] not in letters or sorted(why) != letters:
            raise ValueError(
                f"{grade_id}: the key {found[0]!r} must be one of the options "
                f"{letters}, and every option needs an '# ANSWER WHY' line (found "
                f"them for {sorted(why)})"
            )
        keys[grade_id] = QuizKey(grade_id, found[0], why, question, options)
    return keys


def key_html(key):
    """The right answer and why every option is right or wrong, as one HTML block (no blank line,
    so a Markdown cell passes it on as it is; only tags every HTML sanitiser of nbconvert keeps);
    every text escaped. All of it is in the grader's language (nnhelpers.i18n): the options and
    whys are the instructor notebook's, translated where the catalogues have them (quiz_texts and
    quiz_whys)."""

    def option(letter):
        text = (key.options or {}).get(letter)
        return f"<b>{html.escape(letter)})</b>" + (
            f" <i>{html.escape(_(text))}</i>" if text else ""
        )

    right = html.escape(_("(right)"))
    items = "".join(
        f"<li>{option(letter)}{f' <b>{right}</b>' if letter == key.correct else ''}"
        f" &#8212; {html.escape(translated_why(key.why[letter]))}</li>"
        for letter in sorted(key.why)
    )
    label = html.escape(_("Quiz answer:"))
    answer = html.escape(_("the right answer is {option}")).format(option=option(key.correct))
    why = html.escape(_("Why each option is right or wrong:"))
    return (
        f'<div class="quiz-key"><div><b>{label}</b> {answer}</div><div>{why}</div>'
        f"<ul>{items}</ul></div>"
    )


def key_cell(key):
    """A Markdown cell for the feedback page, placed below the quiz's test cell."""
    return nbformat.v4.new_markdown_cell(key_html(key), id=f"quiz-key-{key.grade_id}"[:64])


def add_keys_to_feedback(nb, instructor_notebook):
    """Insert, in place, below each graded quiz's test cell of the feedback notebook `nb` the key
    and the whys read from `instructor_notebook`. Returns the grade ids given a key cell."""
    keys = quiz_keys(instructor_notebook)
    given = []
    for index in reversed(range(len(nb.cells))):
        grade_id = nb.cells[index].metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in keys:
            nb.cells.insert(index + 1, key_cell(keys[grade_id]))
            given.append(grade_id)
    return given[::-1]


def quiz_texts(notebook):
    """[(text, quiz variable)] of every quiz widget of the notebook (a path or a NotebookNode), in
    order: its question and options, which the student sees anyway. What a translator translates into
    nnhelpers.po (tools/translations.py): nnhelpers.quiz shows them through `_()`."""
    texts = []
    for cell in _notebook(notebook).cells:
        if cell.cell_type == "code":
            for variable, (question, options) in quiz_widgets(cell.source).items():
                texts += [(text, variable) for text in [question, *options.values()]]
    return texts


def quiz_whys(notebook):
    """[(why, "grade id (letter)")] of every graded quiz of the notebook: the answer key in words. Their
    translations live in locale/<lang>/LC_MESSAGES/quiz-keys.po, which only the grader and `make lab`
    read (never nnhelpers.mo, which every student copy carries: a why gives the answer away)."""
    return [
        (key.why[letter], f"{key.grade_id} ({letter})")
        for key in quiz_keys(_notebook(notebook)).values()
        for letter in sorted(key.why)
    ]


@functools.cache
def _why_translations(lang):
    """{English why: translation} from locale/<lang>/LC_MESSAGES/quiz-keys.po ({} for English or when
    there is none; fuzzy entries are left out)."""
    path = REPO / "locale" / lang / "LC_MESSAGES" / f"{WHYS_DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        catalogue = read_po(file, locale=lang)
    return {m.id: m.string for m in catalogue if m.id and m.string and not m.fuzzy}


def translated_why(text):
    """`text`, a quiz's why, in the grader's language (nnhelpers.i18n.language()), else as written."""
    return _why_translations(language()).get(text, text)


def practice_keys(notebooks):
    """The practice keys of the given instructor notebooks, as the JSON document nnhelpers.quiz
    reads: {"quizzes": [{"question", "options", "correct", "explanations"}, ...]}."""
    quizzes = [
        {
            "question": key.question,
            "options": key.options,
            "correct": key.correct,
            "explanations": {letter: translated_why(why) for letter, why in key.why.items()},
        }
        for path in notebooks
        for key in quiz_keys(path).values()
        if key.question is not None
    ]
    return {
        "about": "Quiz answers for learning on your own (make lab); a graded class never gets "
        "this file.",
        "quizzes": quizzes,
    }


def write_practice_keys(folder, notebooks):
    """Write the practice keys of `notebooks` to folder/.practice-quizzes.json; return its path."""
    path = Path(folder) / PRACTICE_FILE
    path.write_text(json.dumps(practice_keys(notebooks), ensure_ascii=False, indent=1) + "\n")
    return path
