"""Multiple-choice quiz widgets, and the check a graded cell runs on the plain answer variable.

A graded quiz carries no answer (its key lives only in the instructor's hidden test):

    quiz = Quiz("What does the bias do?", {"a": "...", "b": "..."})
    quiz            # shows the question; picking an option says which answer to write below

In a graded class, the feedback page after hand-in shows the right answer and why. A self-learner's
own workspace (`make lab`) holds the keys in a file, PRACTICE_FILE, next to the notebooks: there the
same widget says right or wrong, and why, at once. A graded class's release never holds that file.

A practice quiz, clearly marked as not graded, carries its key in the notebook and says it at once:

    Quiz("...", {"a": "...", "b": "..."}, correct="b", explanations={"a": "...", "b": "..."},
         practice=True)

The graded answer is a plain string variable in an answer cell, e.g. answer_bias = "b";
check_quiz_answer(answer_bias, quiz) only checks that it is one of the options.
"""

import html
import json
from pathlib import Path

import ipywidgets as widgets

from .display.fallback import quiz_bundle
from .i18n import _

# Written by `make lab` into the workspace (tools/grading/quizzes.py); read from the kernel's
# working directory, where Jupyter starts the kernel of a notebook: the notebook's own folder.
PRACTICE_FILE = ".practice-quizzes.json"


def workspace_key(question, options, folder="."):
    """(correct, explanations) of this quiz from folder/PRACTICE_FILE, or None when the file is not
    there, cannot be read, or holds no quiz with this question and these option letters."""
    try:
        quizzes = json.loads((Path(folder) / PRACTICE_FILE).read_text())["quizzes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for quiz in quizzes if isinstance(quizzes, list) else []:
        if (
            isinstance(quiz, dict)
            and quiz.get("question") == question
            and sorted(quiz.get("options") or {}) == sorted(options)
            and quiz.get("correct") in options
            and sorted(quiz.get("explanations") or {}) == sorted(options)
        ):
            return quiz["correct"], quiz["explanations"]
    return None


class Quiz:
    """A question with lettered options ({letter: text}).

    Graded (the default): picking one says how to record it and that it is marked after hand-in,
    unless the self-learner's workspace holds its key (then it says right or wrong, and why, as
    practice). practice=True: an ungraded quiz whose key is given here (correct, and explanations
    for every option). The question, options and explanations are shown in the student's language
    where the catalogue has them (tools/grading/quizzes.py's quiz_texts); they are matched with
    the workspace's key in English, as written.
    """

    def __init__(self, question, options, correct=None, explanations=None, practice=False):
        if not isinstance(options, dict) or len(options) < 2:
            raise ValueError(
                f"options must be a dict of at least 2 {{letter: text}} entries, got {options!r}"
            )
        if practice:
            if correct not in options:
                raise ValueError(
                    f"correct must be one of the option letters {sorted(options)}, got {correct!r}"
                )
            missing = sorted(set(options) - set(explanations or {}))
            if missing:
                raise ValueError(f"explanations must explain every option; missing {missing}")
        elif correct is not None or explanations is not None:
            raise ValueError(
                "a graded quiz must not carry its answer (correct=, explanations=): "
                "the key belongs in the hidden test; pass practice=True for an "
                "ungraded quiz"
            )
        else:
            correct, explanations = workspace_key(question, options) or (None, None)
        self.question, self.options, self.practice = question, options, practice
        self.correct, self.explanations = correct, explanations
        self._choice = widgets.RadioButtons(
            options=[(f"{k}) {_(v)}", k) for k, v in options.items()],
            value=None,
            layout=widgets.Layout(width="auto"),
        )
        self._feedback = widgets.HTML()
        self._choice.observe(lambda change: self._show(change["new"]), names="value")
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<b>{html.escape(_(question))}</b>" + self._mode()),
                self._choice,
                self._feedback,
            ]
        )

    @property
    def keyed(self):
        """True when this quiz can tell right from wrong here (practice, or the workspace's key)."""
        return self.correct is not None

    def _mode(self):
        if self.practice:
            return " <i>" + html.escape(_("(practice, not graded)")) + "</i>"
        if self.keyed:
            return (
                " <i>"
                + html.escape(_("(practice in your own workspace: the answer key is here)"))
                + "</i>"
            )
        return ""

    def feedback(self, answer):
        """(is_right, explanation) for the option letter `answer`, when this quiz holds its key; the
        explanation in the student's language."""
        if not self.keyed:
            raise ValueError(
                _(
                    "a graded quiz has no answer to give feedback with: it is graded after "
                    "hand-in, and your feedback page then shows the right answer and why"
                )
            )
        if answer not in self.options:
            raise ValueError(
                _("answer must be one of {letters}, got {answer}").format(
                    letters=sorted(self.options), answer=repr(answer)
                )
            )
        return answer == self.correct, _(self.explanations[answer])

    def _show(self, answer):
        if not self.keyed:
            letter = html.escape(answer)
            self._feedback.value = _(
                "Your choice: <b>{letter}</b>. Write it in the answer cell below, e.g. "
                '<code>= "{letter}"</code>; it is graded after you hand in, and your feedback '
                "page then shows the right answer and why."
            ).format(letter=letter)
            return
        right, why = self.feedback(answer)
        colour, verdict = ("green", _("Right.")) if right else ("#b00", _("Not quite."))
        self._feedback.value = (
            f"<span style='color:{colour}'><b>{verdict}</b> {html.escape(why)}</span>"
        )

    def _repr_mimebundle_(self, **kwargs):
        options = {letter: _(text) for letter, text in self.options.items()}
        return quiz_bundle(self.widget, _(self.question), options, **kwargs)


def check_quiz_answer(answer, quiz, name="answer"):
    """Fail with a clear message unless `answer` is one of the graded quiz's option letters. In a
    self-learner's workspace, where the quiz holds its key, also say whether it is right."""
    if quiz.practice:
        raise ValueError(
            _(
                "{name}: a practice quiz is not graded; a graded answer needs a quiz without a key"
            ).format(name=name)
        )
    if not isinstance(answer, str) or answer not in quiz.options:
        raise AssertionError(
            _(
                "{name} must be one of {letters} (a letter in quotes, e.g. {name} = {example}), "
                "got {answer}"
            ).format(
                name=name,
                letters=sorted(quiz.options),
                example=repr(min(quiz.options)),
                answer=repr(answer),
            )
        )
    if quiz.keyed:
        right, why = quiz.feedback(answer)
        verdict = (
            _("{name}: {answer} is right (practice).")
            if right
            else _("{name}: {answer} is not right (practice).")
        )
        print(verdict.format(name=name, answer=repr(answer)), why)
    else:
        print(_("{name}: recorded {answer}").format(name=name, answer=repr(answer)))
