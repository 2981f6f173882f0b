"""Points decided outside the student's kernel, by a judge run (judge.py).

    score_submission(lesson, autograded_notebook, gradebook_path, student_id, repaired, runner)
        -> [(grade_id, points, max_points, reason), ...]

The solution cells of the repaired notebook, and nothing else of it, run in a fresh sandboxed process
on inputs drawn from a seed drawn here, which no file or environment of the kernel holds; the right
answers and the mistakes are computed in this process: from nnhelpers.exercises for the declared
exercises (lessons 01-02), from nnhelpers.probes for the others. What the kernel printed, recorded or
wrote counts for nothing. Quiz answers are read by the same judge run (the variables of the answer
cells); their keys come from the instructor notebook's hidden tests ("# ANSWER KEY: b" lines), which
release.stage strips before nbgrader sees the notebook, so no kernel ever holds them.

The verdicts go to the gradebook (the test cell's points; for a declared exercise the reason is the
solution cell's comment, which the feedback page shows) and to verdicts.jsonl beside the gradebook,
one JSON object per line: student, lesson, item, kind, points, max_points, verdict, mistake, answer,
reason (contract 1 of the course's grading). Nothing a submission does makes this raise.
"""

import json
import math
import re
import secrets
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from nnhelpers.exercises import exercises
from nnhelpers.probes import plain, probe_for, probe_rng

from ..course import NOTEBOOKS
from .judge import Judged, judge_submission

KEY = re.compile(r"^# ANSWER KEY: (\S+)", flags=re.MULTILINE)
# Every line of a quiz's answer in the instructor's hidden test: the key and why each option is right
# or wrong ("# ANSWER WHY a: ..."), kept for the instructor; release.stage strips them all.
KEY_LINE = re.compile(r"^# ANSWER (?:KEY|WHY \w+): .*(?:\n|$)", flags=re.MULTILINE)


def answer_keys(instructor_notebook):
    """{grade_id: right option letter} from the "# ANSWER KEY: <letter>" lines of the test cells."""
    nb = nbformat.read(instructor_notebook, as_version=4)
    keys = {}
    for cell in nb.cells:
        found = KEY.findall(cell.source)
        if found:
            keys[cell.metadata["nbgrader"]["grade_id"]] = found[0]
    return keys


def compare(got, expected, rtol, atol, where="the answer"):
    """None when `got` (plain JSON from the kernel) matches `expected` (plain JSON); else why not.

    Numbers must be finite and within atol + rtol * |expected|; strings equal; lists of the same length;
    dicts must hold every expected key (extra keys are ignored).
    """
    if isinstance(expected, str):
        return (
            None
            if type(got) is str and got == expected
            else f"{where} is {got!r:.40}, expected {expected!r}"
        )
    if isinstance(expected, float):
        if type(got) not in (int, float):
            return f"{where} is {type(got).__name__} {got!r:.40}, expected a number"
        if not (math.isfinite(got) and abs(got - expected) <= atol + rtol * abs(expected)):
            return f"{where} is {got:.6g}, expected {expected:.6g}"
        return None
    if isinstance(expected, list):
        if type(got) is not list or len(got) != len(expected):
            size = len(got) if type(got) is list else type(got).__name__
            return f"{where} has {size} entries, expected {len(expected)}"
        for index, (g, e) in enumerate(zip(got, expected)):
            reason = compare(g, e, rtol, atol, f"{where}[{index}]")
            if reason:
                return reason
        return None
    if isinstance(expected, dict):
        if type(got) is not dict:
            return f"{where} is {type(got).__name__}, expected a dict with keys {sorted(expected)}"
        for key, e in expected.items():
            if key not in got:
                return f"{where} has no key {key!r}"
            reason = compare(got[key], e, rtol, atol, f"{where}[{key!r}]")
            if reason:
                return reason
        return None
    return (
        None
        if got is None and expected is None
        else f"{where} is {got!r:.40}, expected {expected!r:.40}"
    )


def has_probe(grade_id):
    try:
        probe_for(grade_id)
    except KeyError:
        return False
    return True


def probe_judged(grade_id, reply, seed):
    """The Judged of a test cell of a lesson not yet declared in nnhelpers.exercises, from the judge
    run's reply: compared with the right values nnhelpers.probes computes here."""
    if reply is None or not has_probe(grade_id):
        return Judged("error", f"no trusted probe for {grade_id} in nnhelpers.probes")
    for kind in ("blank", "error", "forbidden"):
        if kind in reply:
            return Judged(kind, str(reply[kind])[:300])
    if "answer" not in reply:
        return Judged("error", "the judge run ended without an answer")
    probe = probe_for(grade_id)
    inputs = probe.inputs(probe_rng(seed, grade_id))
    expected, got = plain(probe.expected(inputs)), reply["answer"]
    if probe.view is not None:
        try:
            got = plain(probe.view(got, inputs))
        except (TypeError, ValueError, KeyError, IndexError) as error:
            return Judged(
                "other", f"the answer is not of the expected form ({type(error).__name__})"
            )
    reason = compare(got, expected, probe.rtol, probe.atol)
    return Judged("other" if reason else "right", reason or "right")


def verdict_row(student, lesson, grade_id, points, max_points, judged, answer=None):
    """One line of verdicts.jsonl (contract 1)."""
    quiz = grade_id.startswith("check_answer_")
    return {
        "student": student,
        "lesson": lesson,
        "item": grade_id if quiz else grade_id.removeprefix("check_"),
        "kind": "quiz" if quiz else "exercise",
        "points": float(points),
        "max_points": float(max_points),
        "verdict": judged.verdict,
        "mistake": judged.mistake,
        "answer": answer,
        "reason": judged.reason,
    }


def quiz_judged(grade_id, answers, keys):
    """(Judged, the answer given) of a quiz from the answers read by the judge run."""
    given = answers.get(grade_id.removeprefix("check_"))
    if given is None:
        return Judged("blank", "no answer given"), None
    if grade_id not in keys:
        return Judged(
            "error", f"no '# ANSWER KEY:' line in the instructor's hidden test of {grade_id}"
        ), given
    right = given == keys[grade_id]
    return Judged(
        "right" if right else "other", "right" if right else f"answered {given!r:.10}"
    ), given


def score_submission(lesson, autograded_notebook, gradebook_path, student_id, repaired, runner):
    """Set the points of every graded test cell of one autograded submission in the gradebook.

    lesson: the assignment name; autograded_notebook: its path (its stem is nbgrader's notebook name);
    repaired: the repaired notebook, whose solution cells the judge runs; runner: judge.local_runner
    or judge.sandboxed_runner. Returns [(grade_id, points, max_points, reason)] in the notebook's
    order; appends the verdicts to verdicts.jsonl beside the gradebook.
    """
    keys = answer_keys(NOTEBOOKS / f"{lesson}.ipynb")
    declared = {f"check_{ex.name}": ex for ex in exercises(lesson)}
    seed = secrets.randbelow(2**31)
    judged, replies, quiz_answers = judge_submission(
        lesson,
        nbformat.read(repaired, as_version=4),
        seed,
        runner,
        nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4),
    )
    notebook = Path(autograded_notebook).stem
    scores, rows, comments = [], [], {}
    with Gradebook(f"sqlite:///{Path(gradebook_path).resolve()}") as gb:
        for cell in gb.find_notebook(notebook, lesson).grade_cells:
            answer = None
            try:  # any error while judging one cell costs that cell only, with the reason
                if cell.name in declared:
                    exercise = declared[cell.name]
                    verdict = judged[exercise.name]
                    said = comments.setdefault(
                        exercise.cell, []
                    )  # one cell may hold several exercises
                    said.append(
                        f"Grader: {verdict.verdict}. {verdict.reason}"
                        if exercise.cell == exercise.name
                        else f"Grader, {exercise.name}: {verdict.verdict}. {verdict.reason}"
                    )
                    gb.find_comment(
                        exercise.cell, notebook, lesson, student_id
                    ).auto_comment = "\n".join(said)
                elif cell.name.startswith("check_answer_"):
                    verdict, answer = quiz_judged(cell.name, quiz_answers, keys)
                else:
                    verdict = probe_judged(cell.name, replies.get(cell.name), seed)
            except Exception as error:
                verdict = Judged(
                    "error", f"could not be judged ({type(error).__name__}: {error})"[:300]
                )
            points = cell.max_score if verdict.verdict == "right" else 0.0
            grade = gb.find_grade(cell.name, notebook, lesson, student_id)
            grade.auto_score, grade.manual_score, grade.needs_manual_grade = points, None, False
            scores.append((cell.name, points, cell.max_score, verdict.reason))
            rows.append(
                verdict_row(student_id, lesson, cell.name, points, cell.max_score, verdict, answer)
            )
        gb.db.commit()
    with open(Path(gradebook_path).parent / "verdicts.jsonl", "a") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    return scores
