"""A multiple-choice quiz widget, and the check a graded cell runs on the plain answer variable.

    quiz = Quiz("What does the bias do?", {"a": "...", "b": "..."}, correct="b",
                explanations={"a": "why a is wrong", "b": "why b is right"})
    quiz            # shows the question; picking an option says right or wrong, and why

The graded answer is a plain string variable in an answer cell, e.g. answer_bias = "b";
check_quiz_answer(answer_bias, quiz) only checks that it is one of the options.
"""
import ipywidgets as widgets


class Quiz:
    """A question with lettered options; picking one shows whether it is right and why."""

    def __init__(self, question, options, correct, explanations):
        if not isinstance(options, dict) or len(options) < 2:
            raise ValueError(f"options must be a dict of at least 2 {{letter: text}} entries, got {options!r}")
        if correct not in options:
            raise ValueError(f"correct must be one of the option letters {sorted(options)}, got {correct!r}")
        missing = sorted(set(options) - set(explanations))
        if missing:
            raise ValueError(f"explanations must explain every option; missing {missing}")
        self.question, self.options, self.correct, self.explanations = question, options, correct, explanations
        self._choice = widgets.RadioButtons(options=[(f"{k}) {v}", k) for k, v in options.items()],
                                            value=None, layout=widgets.Layout(width="auto"))
        self._feedback = widgets.HTML()
        self._choice.observe(lambda change: self._show(change["new"]), names="value")
        self.widget = widgets.VBox([widgets.HTML(f"<b>{question}</b>"), self._choice, self._feedback])

    def feedback(self, answer):
        """(is_right, explanation) for the option letter `answer`."""
        if answer not in self.options:
            raise ValueError(f"answer must be one of {sorted(self.options)}, got {answer!r}")
        return answer == self.correct, self.explanations[answer]

    def _show(self, answer):
        right, why = self.feedback(answer)
        colour, verdict = ("green", "Right.") if right else ("#b00", "Not quite.")
        self._feedback.value = f"<span style='color:{colour}'><b>{verdict}</b> {why}</span>"

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def check_quiz_answer(answer, quiz, name="answer"):
    """Fail with a clear message unless `answer` is one of the quiz's option letters."""
    if answer not in quiz.options:
        raise AssertionError(f"{name} must be one of {sorted(quiz.options)} (a letter in quotes, e.g. "
                             f"{name} = {sorted(quiz.options)[0]!r}), got {answer!r}")
    print(f"{name}: recorded {answer!r}")
