"""Multiple-choice quiz widgets, and the check a graded cell runs on the plain answer variable.

A graded quiz carries no answer (its key lives only in the instructor's hidden test):

    quiz = Quiz("What does the bias do?", {"a": "...", "b": "..."})
    quiz            # shows the question; picking an option says which answer to write below

A practice quiz, clearly marked as not graded, may say right or wrong, and why, at once:

    Quiz("...", {"a": "...", "b": "..."}, correct="b", explanations={"a": "...", "b": "..."},
         practice=True)

The graded answer is a plain string variable in an answer cell, e.g. answer_bias = "b";
check_quiz_answer(answer_bias, quiz) only checks that it is one of the options.
"""
import ipywidgets as widgets

from .display.fallback import quiz_bundle


class Quiz:
    """A question with lettered options. Graded (the default): picking one only says how to answer.
    practice=True: picking one shows whether it is right and why (correct and explanations needed)."""

    def __init__(self, question, options, correct=None, explanations=None, practice=False):
        if not isinstance(options, dict) or len(options) < 2:
            raise ValueError(f"options must be a dict of at least 2 {{letter: text}} entries, got {options!r}")
        if practice:
            if correct not in options:
                raise ValueError(f"correct must be one of the option letters {sorted(options)}, got {correct!r}")
            missing = sorted(set(options) - set(explanations or {}))
            if missing:
                raise ValueError(f"explanations must explain every option; missing {missing}")
        elif correct is not None or explanations is not None:
            raise ValueError("a graded quiz must not carry its answer (correct=, explanations=): the key "
                             "belongs in the hidden test; pass practice=True for an ungraded quiz")
        self.question, self.options, self.practice = question, options, practice
        self.correct, self.explanations = correct, explanations
        self._choice = widgets.RadioButtons(options=[(f"{k}) {v}", k) for k, v in options.items()],
                                            value=None, layout=widgets.Layout(width="auto"))
        self._feedback = widgets.HTML()
        self._choice.observe(lambda change: self._show(change["new"]), names="value")
        title = f"<b>{question}</b>" + (" <i>(practice, not graded)</i>" if practice else "")
        self.widget = widgets.VBox([widgets.HTML(title), self._choice, self._feedback])

    def feedback(self, answer):
        """(is_right, explanation) for the option letter `answer`, for a practice quiz."""
        if not self.practice:
            raise ValueError("a graded quiz has no answer to give feedback with; it is graded after hand-in")
        if answer not in self.options:
            raise ValueError(f"answer must be one of {sorted(self.options)}, got {answer!r}")
        return answer == self.correct, self.explanations[answer]

    def _show(self, answer):
        if not self.practice:
            self._feedback.value = (f"Your choice: <b>{answer}</b>. Write it in the answer cell below, "
                                    f"e.g. <code>= \"{answer}\"</code>; it is graded after you hand in.")
            return
        right, why = self.feedback(answer)
        colour, verdict = ("green", "Right.") if right else ("#b00", "Not quite.")
        self._feedback.value = f"<span style='color:{colour}'><b>{verdict}</b> {why}</span>"

    def _repr_mimebundle_(self, **kwargs):
        return quiz_bundle(self.widget, self.question, self.options, **kwargs)


def check_quiz_answer(answer, quiz, name="answer"):
    """Fail with a clear message unless `answer` is one of the graded quiz's option letters."""
    if quiz.practice:
        raise ValueError(f"{name}: a practice quiz is not graded; a graded answer needs a quiz without a key")
    if not isinstance(answer, str) or answer not in quiz.options:
        raise AssertionError(f"{name} must be one of {sorted(quiz.options)} (a letter in quotes, e.g. "
                             f"{name} = {sorted(quiz.options)[0]!r}), got {answer!r}")
    print(f"{name}: recorded {answer!r}")
