"""The class report: what a class got right and which mistakes it made, per exercise and per quiz,
read from the verdicts the trusted grader wrote outside the students' kernels.

    python -m tools.grading.class_report [--root build]
      reads   root/verdicts.jsonl      one verdict per line (the guide's contract 1), appended as
                                       each submission is judged; a later line for the same student,
                                       lesson and item replaces an earlier one (graded again)
      writes  root/class-report.html   per lesson the score histogram; per exercise a bar for the
                                       students who were right, one per named mistake, "other" for
                                       unrecognised wrong answers, blank, forbidden and error, each
                                       bar opening to the students behind it; per quiz the answers
                                       given. No script and no external URL: it opens offline.
              root/class-mistakes.csv  one row per bar: lesson, item, kind, outcome, students, ...

Student ids, reasons and every other text from the verdicts are escaped in the page, and cells that
a spreadsheet would read as a formula are quoted in the CSV.
"""

import argparse
import base64
import csv
import html
import io
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..course import NOTEBOOKS, REPO
from .quizzes import quiz_keys

VERDICTS = ("right", "mistake", "other", "blank", "forbidden", "error")
KINDS = ("exercise", "quiz")
# The order of an exercise's bars after "right" and the named mistakes, and what each means.
UNNAMED = {
    "other": "other (wrong, no named mistake recognised)",
    "blank": "blank (not implemented)",
    "forbidden": "forbidden (calls the package's own implementation)",
    "error": "error (raised, or could not be judged)",
}
NO_ANSWER = "no answer"
CSV_FIELDS = [
    "lesson",
    "item",
    "kind",
    "outcome",
    "is_right",
    "students",
    "of_students",
    "student_ids",
]
COLOURS = {
    "right": "#2e7d32",
    "mistake": "#ef6c00",
    "other": "#757575",
    "blank": "#bdbdbd",
    "forbidden": "#6a1b9a",
    "error": "#c62828",
    "answer": "#1565c0",
}


@dataclass
class Bar:
    """One outcome of one item: its label, its colour's kind, and the (student, reason) pairs
    behind it."""

    label: str
    kind: str
    right: bool = False
    students: list = field(default_factory=list)


@dataclass
class Item:
    """One exercise or quiz of one lesson, with its bars in the order they are shown."""

    lesson: str
    name: str
    kind: str
    max_points: float
    bars: list
    question: str | None = None  # a quiz's question, when its key is known

    @property
    def students(self):
        return sum(len(bar.students) for bar in self.bars)


def read_verdicts(path):
    """(verdicts, problems): the valid verdicts of the file, the last one per (student, lesson,
    item), and one line per line of the file that is not a valid verdict (it is left out)."""
    latest, problems = {}, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                verdict = json.loads(line)
                why = invalid(verdict)
            except ValueError as error:
                why = f"not JSON ({error})"
            if why:
                problems.append(f"line {number}: {why}")
            else:
                latest[verdict["student"], verdict["lesson"], verdict["item"]] = verdict
    return list(latest.values()), problems


def invalid(verdict):
    """Why `verdict` breaks the contract, or None."""
    if not isinstance(verdict, dict):
        return "not a JSON object"
    for key in ("student", "lesson", "item"):
        if not isinstance(verdict.get(key), str) or not verdict[key]:
            return f"{key} must be a non-empty string"
    if verdict.get("kind") not in KINDS:
        return f"kind must be one of {list(KINDS)}"
    if verdict.get("verdict") not in VERDICTS:
        return f"verdict must be one of {list(VERDICTS)}"
    for key in ("points", "max_points"):
        if type(verdict.get(key)) not in (int, float):
            return f"{key} must be a number"
    if verdict["verdict"] == "mistake" and not isinstance(verdict.get("mistake"), str):
        return "a 'mistake' verdict must name its mistake"
    if verdict.get("answer") is not None and not isinstance(verdict["answer"], str):
        return "answer must be a string or null"
    return None


def exercise_bars(verdicts):
    """Right first, then each named mistake (most students first), then other, blank, forbidden
    and error."""
    groups = defaultdict(list)
    for v in verdicts:
        outcome = v["mistake"] if v["verdict"] == "mistake" else v["verdict"]
        groups[v["verdict"], outcome].append((v["student"], v.get("reason") or ""))
    mistakes = sorted(
        (key for key in groups if key[0] == "mistake"), key=lambda key: (-len(groups[key]), key[1])
    )
    order = [("right", "right"), *mistakes, *((name, name) for name in UNNAMED)]
    return [
        Bar(
            label if kind == "mistake" else UNNAMED.get(label, label),
            kind,
            kind == "right",
            sorted(groups.get((kind, label), [])),
        )
        for kind, label in order
        if (kind, label) in groups or kind == "right"
    ]


def quiz_bars(verdicts, key):
    """One bar per option (every option of the quiz when its key is known, else the answers
    given), the right one marked; then "no answer" for blank, error or forbidden verdicts."""
    groups = defaultdict(list)
    for v in verdicts:
        answered = v.get("answer") if v["verdict"] in ("right", "mistake", "other") else None
        groups[answered or NO_ANSWER].append((v["student"], v.get("reason") or ""))
    options = dict(key.options or {}) if key else {}
    right = {key.correct} if key else {v["answer"] for v in verdicts if v["verdict"] == "right"}
    bars = [
        Bar(
            f"{letter}) {options[letter]}" if letter in options else letter,
            "right" if letter in right else "answer",
            letter in right,
            sorted(groups.get(letter, [])),
        )
        for letter in sorted(set(options) | (set(groups) - {NO_ANSWER}))
    ]
    if NO_ANSWER in groups:
        bars.append(Bar(NO_ANSWER, "blank", False, sorted(groups[NO_ANSWER])))
    return bars


def lesson_quiz_keys(lesson, notebooks):
    """{grade_id: QuizKey} of the lesson's instructor notebook, or {} if there is none."""
    path = Path(notebooks) / f"{lesson}.ipynb"
    return quiz_keys(path) if path.exists() else {}


def quiz_key(keys, item):
    """The key of quiz `item` (its grade id, the test cell's or the answer cell's), or None."""
    return keys.get(item) or keys.get(f"check_{item}")


def tally(verdicts, notebooks=NOTEBOOKS):
    """[Item] in lesson order, items in the order the grader judged them (first appearance)."""
    by_item, first = defaultdict(list), {}
    for index, v in enumerate(verdicts):
        by_item[v["lesson"], v["item"]].append(v)
        first.setdefault((v["lesson"], v["item"]), index)
    keys = {lesson: lesson_quiz_keys(lesson, notebooks) for lesson, _ in by_item}
    items = []
    for lesson, name in sorted(by_item, key=lambda item: (item[0], first[item])):
        group = by_item[lesson, name]
        kind = Counter(v["kind"] for v in group).most_common(1)[0][0]
        key = quiz_key(keys[lesson], name) if kind == "quiz" else None
        bars = exercise_bars(group) if kind == "exercise" else quiz_bars(group, key)
        items.append(
            Item(
                lesson, name, kind, max(v["max_points"] for v in group), bars, key and key.question
            )
        )
    return items


def lesson_scores(verdicts):
    """{lesson: ({student: points}, max points)}: each student's total over the lesson's items."""
    points, maxima = defaultdict(lambda: defaultdict(float)), defaultdict(dict)
    for v in verdicts:
        points[v["lesson"]][v["student"]] += v["points"]
        maxima[v["lesson"]][v["item"]] = max(v["max_points"], maxima[v["lesson"]].get(v["item"], 0))
    return {
        lesson: (dict(points[lesson]), sum(maxima[lesson].values())) for lesson in sorted(points)
    }


def spreadsheet_safe(text):
    """`text` as a CSV cell no spreadsheet runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(items, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_FIELDS)
        for item in items:
            for bar in item.bars:
                row = (
                    item.lesson,
                    item.name,
                    item.kind,
                    bar.label,
                    "yes" if bar.right else "no",
                    str(len(bar.students)),
                    str(item.students),
                    ";".join(student for student, _ in bar.students),
                )
                writer.writerow([spreadsheet_safe(text) for text in row])


def histogram_png(scores, max_points, lesson):
    """A PNG (bytes) of how many students reached each whole number of points."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 2.6), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    top = max(int(round(max_points)), 1)
    counts = Counter(min(int(points), top) for points in scores.values())
    axes.bar(
        range(top + 1),
        [counts.get(p, 0) for p in range(top + 1)],
        width=0.8,
        color=COLOURS["answer"],
    )
    axes.set_xticks(range(top + 1))
    axes.set_xlabel(f"points (of {max_points:g})")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(f"{lesson}: {len(scores)} students", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def bar_rows(item):
    """The HTML of an item's bars: each a <details> whose summary is the bar and whose body lists
    the students behind it, with the grader's reason for each."""
    rows = []
    for bar in item.bars:
        share = len(bar.students) / item.students if item.students else 0.0
        students = "".join(
            f"<li><b>{html.escape(student)}</b>"
            + (f": {html.escape(reason)}" if reason else "")
            + "</li>"
            for student, reason in bar.students
        )
        rows.append(
            '<details class="row"><summary>'
            f'<span class="label">{html.escape(bar.label)}{" &#10003;" if bar.right else ""}</span>'
            f'<span class="track"><span class="bar" style="width:{100 * share:.1f}%;'
            f'background:{COLOURS[bar.kind]}"></span></span>'
            f'<span class="count">{len(bar.students)} ({100 * share:.0f}%)</span></summary>'
            f"<ul>{students or '<li>nobody</li>'}</ul></details>"
        )
    return "".join(rows)


def counted(number, noun):
    """'1 point', '2 points', '0.5 points'."""
    return f"{number:g} {noun}" + ("" if number == 1 else "s")


def item_html(item):
    right = sum(len(bar.students) for bar in item.bars if bar.right)
    if item.kind == "exercise":
        named = sum(len(bar.students) for bar in item.bars if bar.kind == "mistake")
        summary = (
            f"{right} of {item.students} right; of the other {item.students - right}, "
            f"{named} made a named mistake"
        )
    else:
        question = f"<i>{html.escape(item.question)}</i> " if item.question else ""
        summary = f"{question}{right} of {item.students} chose the right answer"
    return (
        f'<section class="item"><h3>{html.escape(item.name)} <small>({item.kind}, '
        f"{counted(item.max_points, 'point')})</small></h3><p>{summary}</p>{bar_rows(item)}"
        "</section>"
    )


def lesson_html(lesson, items, scores, max_points):
    png = base64.b64encode(histogram_png(scores, max_points, lesson)).decode()
    name = html.escape(lesson)
    return (
        f'<section class="lesson" id="{name}"><h2>{name}</h2>'
        f"<p>{len(scores)} students; median {statistics.median(scores.values()):g} of "
        f"{max_points:g} points.</p>"
        f'<img alt="Histogram of the points of {name}" src="data:image/png;base64,{png}">'
        + "".join(item_html(item) for item in items)
        + "</section>"
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em;
  color: #222; }
h2 { border-bottom: 2px solid #ddd; margin-top: 2em; }
h3 small { color: #666; font-weight: normal; }
details.row > summary { display: grid; grid-template-columns: 22em 1fr 6em; gap: .6em;
  align-items: center; cursor: pointer; list-style: none; padding: .15em 0; }
details.row > summary::-webkit-details-marker { display: none; }
details.row > summary:hover { background: #f3f3f3; }
details.row > summary .label::before { content: "\\25B8  "; color: #888; }
details.row[open] > summary .label::before { content: "\\25BE  "; }
details.row[open] > summary .label { font-weight: bold; }
.label { overflow-wrap: anywhere; }
.track { background: #eee; height: 1.1em; display: block; }
.bar { display: block; height: 100%; }
.count { text-align: right; font-variant-numeric: tabular-nums; }
details.row ul { margin: .2em 0 .6em 2em; columns: 2; font-size: 90%; }
.problems { color: #b00; }
img { max-width: 100%; }
"""


def report_html(verdicts, items, problems):
    """The whole report page (a string), from the verdicts, their tally and the lines left out."""
    scores = lesson_scores(verdicts)
    students = {v["student"] for v in verdicts}
    submissions = {(v["student"], v["lesson"]) for v in verdicts}
    contents = "".join(
        f'<li><a href="#{html.escape(lesson)}">{html.escape(lesson)}</a></li>' for lesson in scores
    )
    trouble = ""
    if problems:
        listed = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems[:50])
        trouble = (
            f'<div class="problems"><p>{len(problems)} lines of the verdicts file are not '
            f"valid verdicts and were left out:</p><ul>{listed}</ul></div>"
        )
    lessons = "".join(
        lesson_html(lesson, [item for item in items if item.lesson == lesson], *scores[lesson])
        for lesson in scores
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Class report</title><style>{STYLE}</style></head><body><h1>Class report</h1>"
        f"<p>{counted(len(students), 'student')}, {counted(len(submissions), 'submission')}, "
        f"{counted(len(scores), 'lesson')}. "
        "Each bar counts the students of one outcome; click it for their names and the "
        "grader's reason. Mistakes are classified by the grader, outside the students' "
        f"kernels.</p>{trouble}<ul>{contents}</ul>{lessons}</body></html>"
    )


def write_report(root, notebooks=NOTEBOOKS):
    """Write root/class-report.html and root/class-mistakes.csv from root/verdicts.jsonl and say
    where; return their paths, or None (saying why) when there are no verdicts. The grade run
    calls it last."""
    root = Path(root)
    source = root / "verdicts.jsonl"
    if not source.exists():
        print(f"class report: not written, there is no {source} (no submission was judged)")
        return None
    verdicts, problems = read_verdicts(source)
    items = tally(verdicts, notebooks)
    page, table = root / "class-report.html", root / "class-mistakes.csv"
    page.write_text(report_html(verdicts, items, problems), encoding="utf-8")
    write_csv(items, table)
    for problem in problems[:5]:
        print(f"class report: {source}: {problem} (left out)")
    print(f"class report: {page}; mistakes per exercise: {table}")
    return page, table


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.grading.class_report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root", default=str(REPO / "build"), help="the course root (default: build/)"
    )
    if write_report(parser.parse_args(argv).root) is None:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
