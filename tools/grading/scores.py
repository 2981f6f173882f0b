"""Points decided outside the student's kernel, by a judge run (judge.py).

    score_submission(lesson, autograded_notebook, gradebook_path, student_id, repaired, runner)
        -> [(grade_id, points, max_points, reason), ...]

The solution cells of the repaired notebook, and nothing else of it, run in a fresh sandboxed process
on inputs drawn from a seed drawn here, which no file or environment of the kernel holds; the right
answers and the mistakes are computed in this process, from nnhelpers.exercises, where every
exercise is declared. What the kernel printed, recorded or wrote counts for nothing. Quiz answers are read by the same judge run (the variables of the answer
cells); their keys come from the instructor notebook's hidden tests ("# ANSWER KEY: b" lines), which
release.stage strips before nbgrader sees the notebook, so no kernel ever holds them.

The verdicts go to the gradebook (the test cell's points; for a declared exercise the reason is the
solution cell's comment, which the feedback page shows) and to verdicts.jsonl beside the gradebook,
one JSON object per line: student, lesson, item, kind, points, max_points, verdict, mistake, answer,
reason (contract 1 of the course's grading). Nothing a submission does makes this raise.

The comment a student reads is in the grader's language (nnhelpers.i18n: `make grade LANG=uk`), its
verdict in words (verdict_words); verdicts.jsonl keeps the verdict keywords and mistake names English.
"""

import json
import secrets
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from nnhelpers.exercises import exercises
from nnhelpers.i18n import _

from ..course import NOTEBOOKS
from .judge import Judged, judge_submission
from .quizzes import quiz_keys


def answer_keys(instructor_notebook):
    """{grade_id: right option letter} of the notebook's quizzes (quizzes.quiz_keys)."""
    return {grade_id: key.correct for grade_id, key in quiz_keys(instructor_notebook).items()}


def verdict_words(verdict):
    """The verdict keyword ("right", "mistake", ...) as the feedback page says it, in the grader's
    language (the keyword itself as written in English)."""
    return {
        "right": _("right"),
        "mistake": _("mistake"),
        "other": _("other"),
        "blank": _("blank"),
        "forbidden": _("forbidden"),
        "error": _("error"),
    }.get(verdict, verdict)


def comment(exercise, judged):
    """The line of the solution cell's comment (the feedback page) for one exercise's Judged; the
    exercise is named when its cell holds several."""
    if exercise.cell == exercise.name:
        return _("Grader: {verdict}. {reason}").format(
            verdict=verdict_words(judged.verdict), reason=judged.reason
        )
    return _("Grader, {exercise}: {verdict}. {reason}").format(
        exercise=exercise.name, verdict=verdict_words(judged.verdict), reason=judged.reason
    )


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
    judged, quiz_answers = judge_submission(
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
                    said.append(comment(exercise, verdict))
                    gb.find_comment(
                        exercise.cell, notebook, lesson, student_id
                    ).auto_comment = "\n".join(said)
                elif cell.name.startswith("check_answer_"):
                    verdict, answer = quiz_judged(cell.name, quiz_answers, keys)
                else:
                    verdict = Judged(
                        "error", f"{cell.name} is neither a declared exercise nor a quiz"
                    )
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
