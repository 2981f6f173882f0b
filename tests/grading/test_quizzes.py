"""Quiz keys (tools/grading/quizzes.py): read from the instructor notebooks, shown on the feedback
page, and given to the quiz widgets of a self-learner's workspace (nnhelpers/quiz.py), which
otherwise say honestly that the answer is marked after hand-in."""

import json
import re
import types

import nbformat
import pytest
from nbconvert import HTMLExporter

import nnhelpers as nh
from nnhelpers import quiz as quiz_module
from tools.grading import quizzes
from tools.course import NOTEBOOKS, graded_lessons
from tools.grading.feedback import FeedbackFilter
from tools.grading.sanitize import sanitize_page
from tools.grading.release import KEY_LINE

LESSON_01 = NOTEBOOKS / "01_single_neuron.ipynb"


def graded_quizzes(nb):
    """[(test cell, answer variable, quiz variable)] of every graded quiz, by its check call."""
    found = []
    for cell in nb.cells:
        call = re.search(r"check_quiz_answer\((\w+), (\w+)", cell.source)
        if call and cell.metadata.get("nbgrader", {}).get("grade"):
            found.append((cell, call.group(1), call.group(2)))
    return found


def widget_arguments(nb, variable):
    """(question, options) the notebook's own quiz cell passes to nh.Quiz, by running that cell."""
    seen = {}
    fake = types.SimpleNamespace(Quiz=lambda q, o, **kw: seen.update(q=q, o=o))
    [cell] = [
        c
        for c in nb.cells
        if c.cell_type == "code" and re.match(rf"{variable} = nh\.Quiz\(", c.source)
    ]
    exec(cell.source, {"nh": fake})
    return seen["q"], seen["o"]


def solution_letter(nb, variable):
    """The letter the instructor's solution assigns to the answer variable."""
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == variable]
    return re.findall(rf'{variable} = "(\w)"', cell.source)[-1]


@pytest.mark.parametrize("path", graded_lessons(), ids=lambda path: path.stem)
def test_every_graded_quiz_has_its_key_its_whys_and_its_question(path):
    nb = nbformat.read(path, as_version=4)
    keys = quizzes.quiz_keys(nb)
    checked = graded_quizzes(nb)
    assert len(keys) == len(checked)
    for cell, answer, variable in checked:
        key = keys[cell.metadata["nbgrader"]["grade_id"]]
        question, options = widget_arguments(nb, variable)
        assert key.correct == solution_letter(nb, answer)
        assert (key.question, key.options) == (question, options)
        assert sorted(key.why) == sorted(options) and all(len(why) > 20 for why in key.why.values())


def quiz_notebook(test_source):
    nb = nbformat.v4.new_notebook()
    graded = {"nbgrader": {"grade_id": "check_answer_q", "grade": True, "points": 1}}
    widget = 'quiz_q = nh.Quiz("Q?", {"a": "yes", "b": "no <maybe>"})'
    nb.cells = [
        nbformat.v4.new_code_cell(widget),
        nbformat.v4.new_code_cell(test_source, metadata=graded),
    ]
    return nb


CHECK = 'nh.check_quiz_answer(answer_q, quiz_q, "answer_q")\n'


def test_a_why_over_several_lines_is_one_text_and_everything_is_escaped():
    nb = quiz_notebook(
        CHECK + "# ANSWER KEY: b\n# ANSWER WHY a: Not <b>so</b>:\n"
        "# ANSWER WHY a: see & read.\n"
        "# ANSWER WHY b: <script>x()</script>\n"
    )
    key = quizzes.quiz_keys(nb)["check_answer_q"]
    assert key.why == {"a": "Not <b>so</b>: see & read.", "b": "<script>x()</script>"}
    page = quizzes.key_html(key)
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>" not in page
    assert "Not &lt;b&gt;so&lt;/b&gt;: see &amp; read." in page and "no &lt;maybe&gt;" in page
    assert "\n\n" not in page  # one HTML block: a Markdown cell passes it on whole


@pytest.mark.parametrize(
    "lines",
    [
        "# ANSWER KEY: c\n# ANSWER WHY a: x\n# ANSWER WHY b: y\n",
        "# ANSWER KEY: a\n# ANSWER WHY a: x\n",
    ],
)
def test_a_key_that_is_no_option_or_an_option_without_why_is_refused(lines):
    with pytest.raises(ValueError, match="check_answer_q"):
        quizzes.quiz_keys(quiz_notebook(CHECK + lines))


def autograded_01():
    """Lesson 01 as the feedback step gets it: no key lines (the release stripped them)."""
    nb = nbformat.read(LESSON_01, as_version=4)
    for cell in nb.cells:
        cell.source = KEY_LINE.sub("", cell.source)
    return nb


def test_the_feedback_page_shows_each_quizs_answer_and_why_below_its_test_cell():
    resources = {"nbgrader": {"assignment": "01_single_neuron"}}
    nb, _ = FeedbackFilter().preprocess(autograded_01(), resources)
    ids = [cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id")) for cell in nb.cells]
    assert ids[ids.index("check_answer_bias") + 1] == "quiz-key-check_answer_bias"
    assert ids[ids.index("check_answer_init") + 1] == "quiz-key-check_answer_init"
    page, _ = HTMLExporter(sanitize_html=True).from_notebook_node(nb)
    text = re.sub(r"<[^>]+>", "", sanitize_page(page))
    key = page[page.index('class="quiz-key"') :]
    assert "&lt;" not in key[: key.index("</ul>")]  # no tag of ours escaped by the sanitiser
    assert (
        "the right answer is b) It shifts z, and so moves the point where the output crosses "
        "0.5, without changing the weights.Why each option"
    ) in text
    assert "the threshold -b/w moves with it." in text  # why b, its two lines joined
    assert "the right answer is c) Because neurons of a layer" in text


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder as `make lab` leaves it (lesson 01's practice keys), as the kernel's working
    directory."""
    quizzes.write_practice_keys(tmp_path, [LESSON_01])
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lesson_01_quiz(variable="quiz_bias"):
    """The quiz that lesson 01's own cell builds."""
    nb = nbformat.read(LESSON_01, as_version=4)
    [cell] = [
        c
        for c in nb.cells
        if c.cell_type == "code" and c.source.startswith(f"{variable} = nh.Quiz(")
    ]
    scope = {"nh": nh}
    exec(cell.source, scope)
    return scope[variable]


def test_in_the_workspace_a_graded_quiz_is_practice_saying_right_or_wrong(workspace, capsys):
    quiz = lesson_01_quiz()
    assert quiz.keyed and not quiz.practice
    quiz._choice.value = "d"
    assert "Not quite." in quiz._feedback.value and "stuck at the" in quiz._feedback.value
    quiz._choice.value = "b"
    assert "Right." in quiz._feedback.value and "moves z up or down" in quiz._feedback.value
    nh.check_quiz_answer("a", quiz, "answer_bias")
    said = capsys.readouterr().out
    assert "'a' is not right (practice). Scaling the inputs is what the weights do." in said


def test_without_the_keys_a_graded_quiz_says_when_feedback_comes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    quiz = lesson_01_quiz()
    assert not quiz.keyed
    quiz._choice.value = "d"
    assert "graded after you hand in" in quiz._feedback.value
    assert "feedback page" in quiz._feedback.value
    assert "Right" not in quiz._feedback.value and "Not quite" not in quiz._feedback.value
    with pytest.raises(ValueError, match="feedback page then shows"):
        quiz.feedback("b")
    nh.check_quiz_answer("d", quiz, "answer_bias")
    assert capsys.readouterr().out == "answer_bias: recorded 'd'\n"


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"quizzes": 3}',
        json.dumps(
            {
                "quizzes": [
                    {
                        "question": "What does the bias b of a neuron do?",
                        "options": {"a": "", "b": ""},
                        "correct": "b",
                        "explanations": {"a": "", "b": ""},
                    }
                ]
            }
        ),
    ],
)
def test_a_broken_or_foreign_keys_file_leaves_the_quiz_graded(tmp_path, monkeypatch, content):
    (tmp_path / quiz_module.PRACTICE_FILE).write_text(content)
    monkeypatch.chdir(tmp_path)
    assert not lesson_01_quiz().keyed


def test_the_widget_and_the_workspace_agree_on_the_file_name():
    assert quiz_module.PRACTICE_FILE == quizzes.PRACTICE_FILE


def test_a_graded_quiz_still_refuses_a_key_in_the_notebook():
    with pytest.raises(ValueError, match="hidden test"):
        nh.Quiz("Q?", {"a": "yes", "b": "no"}, correct="a")
