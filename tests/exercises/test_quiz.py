"""The quizzes: a practice quiz gives feedback at once; a graded one holds no answer and checks the letter.
(The self-checks of lessons 01-02 are tested from their declarations: tests/exercises/test_exercises.py.)"""

import pytest

import nnhelpers as nh


def test_practice_quiz_gives_feedback_at_once():
    quiz = nh.Quiz(
        "Q?",
        {"a": "yes", "b": "no"},
        correct="b",
        explanations={"a": "because", "b": "indeed"},
        practice=True,
    )
    assert quiz.feedback("b") == (True, "indeed") and quiz.feedback("a") == (False, "because")
    quiz._choice.value = "a"
    assert "Not quite." in quiz._feedback.value and "because" in quiz._feedback.value
    quiz._choice.value = "b"
    assert "Right." in quiz._feedback.value
    with pytest.raises(
        AssertionError,
        match=r"answer_q must be one of \['a', 'b'\] \(a letter in quotes, e.g. answer_q = 'a'\), got None",
    ):
        nh.check_quiz_answer(None, nh.Quiz("Q?", {"a": "yes", "b": "no"}), "answer_q")
    with pytest.raises(
        ValueError, match=r"correct must be one of the option letters \['a', 'b'\], got 'c'"
    ):
        nh.Quiz(
            "Q?",
            {"a": "yes", "b": "no"},
            correct="c",
            explanations={"a": "", "b": ""},
            practice=True,
        )
    with pytest.raises(
        ValueError, match=r"explanations must explain every option; missing \['b'\]"
    ):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a", explanations={"a": ""}, practice=True)


def test_graded_quiz_holds_no_answer_and_checks_the_letter(capsys):
    quiz = nh.Quiz("Q?", {"a": "yes", "b": "no"})
    quiz._choice.value = "b"
    assert (
        "graded after you hand in" in quiz._feedback.value and "Right" not in quiz._feedback.value
    )
    with pytest.raises(ValueError, match="graded after hand-in"):
        quiz.feedback("b")
    nh.check_quiz_answer("a", quiz, "answer_q")
    assert capsys.readouterr().out == "answer_q: recorded 'a'\n"
    with pytest.raises(ValueError, match=r"a graded quiz must not carry its answer"):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a")
    practice = nh.Quiz(
        "Q?", {"a": "yes", "b": "no"}, correct="a", explanations={"a": "", "b": ""}, practice=True
    )
    with pytest.raises(ValueError, match="a practice quiz is not graded"):
        nh.check_quiz_answer("a", practice, "answer_q")
