"""`make grade LANG=uk` speaks Ukrainian: the grader's reasons, the judge run's own texts and the
feedback page's words go through nnhelpers.i18n in the grader's language (NN_LANG, fixed once per
process, so each language is tried in a fresh Python), and kernel_env passes a known NN_LANG on to
the kernel and the judge run. Verdicts and mistake names stay English whatever the language."""

import json
import re
from dataclasses import asdict

from tests.course.test_translations import _python_in
from tools.grading import sandbox
from tools.grading.sandbox import Limits, Sandbox, bwrap_argv, kernel_env

# relu judged three ways through tools.grading.judge.judgement, as the grader judges a reply: a known
# mistake (np.abs), the right answer, and (through the harness, run by local_runner) a solution cell
# that never defines relu; then the comment on the feedback page and a quiz key's frame.
JUDGE = """
import json, tempfile
from pathlib import Path
import numpy as np
from nnhelpers.exercises import exercise, rng_for, run
from nnhelpers.exercises.core import PREAMBLE
from tools.grading.judge import judgement, local_runner, part, read_reply
from tools.grading.quizzes import QuizKey, key_html
from tools.grading.scores import comment

relu, seed = exercise("relu"), 11
inputs = relu.inputs(rng_for(seed, relu.name))
said = {}
for name, solution in (("mistake", np.abs), ("right", lambda z: np.maximum(0, z))):
    answer = run(relu, solution, inputs)[0]
    said[name] = judgement(relu, {"answer": answer}, seed).to_dict()
said["comment"] = comment(relu, judgement(relu, {"answer": run(relu, np.abs, inputs)[0]}, seed))
request = {"preamble": PREAMBLE, "cells": [{"source": "x = 1\\n", "then": ["relu"]}], "seed": seed}
home = Path(tempfile.mkdtemp())
said["undefined"] = judgement(relu, part(read_reply(local_runner(home)(request)), "exercises", "relu"), seed).to_dict()
said["quiz"] = key_html(QuizKey("check_answer_x", "b", {"a": "no", "b": "yes"}, "Q?", {"a": "A", "b": "B"}))
from nbformat.v4 import new_output
from tools.grading.execute import GradingExecute
from tools.grading.page_words import in_graders_language
executor = GradingExecute(max_output_bytes=64)
executor.notebook_bytes = 0  # as preprocess() starts a notebook
outputs = [new_output("stream", name="stdout", text="x" * 100)]
executor.cap(outputs)
said["cut"] = outputs[0]["text"]
said["page"] = in_graders_language(PAGE)
print(json.dumps(said))
"""
# A feedback page as nbgrader's template writes it (after sanitize_page), with a student's paragraph
# that uses the template's words: those stay as the student wrote them.
PAGE = """<div class="panel panel-default"><div class="panel-heading">
<h4>01_single_neuron (Score: 1.0 / 3.0)</h4><div id="toc"><ol>
<li><a href="#check_x">Test cell</a> (Score: 1.0 / 2.0)</li>
<li><a href="#comment-x">Comment</a></li></ol></div></div>
<div class="panel-heading"><span>Student's answer</span><span><a href="#top">(Top)</a></span></div>
<p>Student's answer: Test cell (Score: 9 / 9) (Top)</p>
<div class="panel-heading"><span>Grade cell: <code>check_x</code></span><span>
Score: 1.0 / 2.0 <a href="#top">(Top)</a></span></div>
<div class="panel-footer"><div><b>Comments:</b> Grader: right.</div></div></div>"""
JUDGE = JUDGE.replace("PAGE)", repr(PAGE) + ")")
STUDENT = "<p>Student's answer: Test cell (Score: 9 / 9) (Top)</p>"
CYRILLIC = re.compile("[а-яіїєґ]{4}")


def _judged(lang):
    return json.loads(_python_in(lang, JUDGE))


def test_the_judges_reasons_are_english_without_nn_lang():
    said = _judged(None)
    assert said["mistake"]["verdict"] == "mistake"
    assert said["mistake"]["mistake"] == "absolute_value"
    assert said["mistake"]["reason"].startswith("On the grader's own inputs (")
    assert "Negative inputs come out positive" in said["mistake"]["reason"]
    assert said["right"]["verdict"] == "right"
    assert said["right"]["reason"].endswith(", the answer is right.")
    assert said["comment"].startswith("Grader: mistake. On the grader's own inputs")
    assert said["undefined"] == {
        "verdict": "blank",
        "reason": "relu is not defined",
        "mistake": None,
    }
    assert "<b>Quiz answer:</b> the right answer is" in said["quiz"]
    assert re.fullmatch(
        r"\n\[output cut by the grader: 1\d\d bytes, the limit for one output is 64 bytes\]\n",
        said["cut"],
    ), said["cut"]
    assert said["page"] == PAGE, "an English grader leaves nbgrader's words as they are"
    assert not any(
        CYRILLIC.search(json.dumps(value, ensure_ascii=False)) for value in said.values()
    )


def test_the_judges_reasons_are_ukrainian_with_nn_lang_uk():
    english, said = _judged(None), _judged("uk")
    # the values programs read stay as they are
    for name in ("mistake", "right", "undefined"):
        assert (said[name]["verdict"], said[name]["mistake"]) == (
            english[name]["verdict"],
            english[name]["mistake"],
        )
    # the words a student reads are Ukrainian: the judge's, the exercise's and the harness's
    mistake, right = said["mistake"]["reason"], said["right"]["reason"]
    where = "На власних вхідних даних програми оцінювання ("
    assert mistake.startswith(where) and right.startswith(where)
    assert right.endswith("відповідь правильна.")
    assert "grader" not in mistake + right and "Negative inputs" not in mistake
    assert CYRILLIC.search(mistake.rpartition(":")[2]), "the mistake's message is Ukrainian too"
    assert said["comment"].startswith("Оцінювач: відома помилка. " + where)
    assert said["undefined"]["reason"] == "relu не визначено"
    assert "Відповідь на тест:" in said["quiz"] and "Quiz answer" not in said["quiz"]
    assert "output cut" not in said["cut"] and CYRILLIC.search(said["cut"])
    assert "64" in said["cut"]
    page = said["page"]
    for english in ("Test cell", "Comment<", "Grade cell:", "Score:", "(Top)</a>", "Comments:"):
        assert english not in page.replace(STUDENT, ""), english
    assert STUDENT in page, "the student's own words stay as written"
    assert "<code>check_x</code>" in page and "1.0 / 2.0" in page and "01_single_neuron" in page
    assert len(CYRILLIC.findall(page)) >= 7


def test_kernel_env_passes_a_known_nn_lang_on_and_nothing_else(monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox, "stage_course", lambda target: target)  # nothing to stage here
    monkeypatch.delenv("NN_LANG", raising=False)
    assert Sandbox(tmp_path / "unset", enabled=False).lang == "en"
    monkeypatch.setenv("NN_LANG", "xx")  # no catalogue: nnhelpers speaks English, nothing passed on
    assert Sandbox(tmp_path / "xx", enabled=False).lang == "en"
    monkeypatch.setenv("NN_LANG", "uk")
    assert Sandbox(tmp_path / "uk", enabled=False).lang == "uk"
    assert "NN_LANG" not in kernel_env("/home/student", "/opt/course", "en")
    assert "NN_LANG" not in kernel_env("/home/student", "/opt/course")
    assert kernel_env("/home/student", "/opt/course", "uk")["NN_LANG"] == "uk"
    settings = {
        "uid": None,
        "home": "/tmp/home",
        "sockets": "/tmp/sockets",
        "stage": "/tmp/stage",
        "limits": asdict(Limits()),
        "lang": "uk",
    }
    argv = [str(arg) for arg in bwrap_argv(settings, 3, [])]
    setenv = [argv[i + 1 : i + 3] for i, arg in enumerate(argv) if arg == "--setenv"]
    assert ["NN_LANG", "uk"] in setenv, "the sandboxed kernel gets it after --clearenv"
