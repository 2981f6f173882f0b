"""The class report (tools/grading/class_report.py) on a verdicts file written here from a known
plan: the counts per exercise, mistake and quiz answer, the students behind each bar, the score
histogram's data, escaping of whatever a student controls, and a page that opens offline."""

import csv
import json
import random
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from tools.grading import class_report

HOSTILE = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","click")'

# lesson -> exercise -> [(outcome, how many students)]: "right", a mistake's name, or a verdict.
PLAN = {
    "01_single_neuron": {
        "sigmoid": [
            ("right", 5),
            ("exponent_sign", 3),
            ("tanh", 1),
            ("other", 2),
            ("blank", 1),
            ("forbidden", 1),
            ("error", 1),
        ],
        "relu": [("right", 9), ("absolute_value", 4), ("blank", 1)],
    },
    "02_dense_layer": {
        "dense_backward": [("right", 2), ("dbiases_mean", 6), ("dweights_mean", 4), ("other", 2)],
    },
}
# The quiz of lesson 01 whose key the instructor notebook holds: check_answer_bias, key "b".
QUIZ = [("a", 3), ("b", 8), ("d", 2), (None, 1)]


def students(count, start=0):
    return [f"s{n:02d}" for n in range(start, start + count)]


def verdict(student, lesson, item, outcome, kind="exercise", max_points=2.0):
    named = outcome not in class_report.VERDICTS
    return {
        "student": student,
        "lesson": lesson,
        "item": item,
        "kind": kind,
        "points": max_points if outcome == "right" else 0.0,
        "max_points": max_points,
        "verdict": "mistake" if named else outcome,
        "mistake": outcome if named else None,
        "answer": None,
        "reason": f"reason of {student}",
    }


def planned_verdicts():
    """Every verdict of the plan, and {(lesson, item, outcome): [students]} as planned."""
    lines, expected = [], {}
    for lesson, exercises in PLAN.items():
        for item, outcomes in exercises.items():
            start = 0
            for outcome, count in outcomes:
                who = students(count, start)
                start += count
                expected[lesson, item, outcome] = who
                lines += [verdict(s, lesson, item, outcome) for s in who]
    start = 0
    for letter, count in QUIZ:
        who = students(count, start)
        start += count
        expected["01_single_neuron", "check_answer_bias", letter] = who
        for s in who:
            line = verdict(
                s,
                "01_single_neuron",
                "check_answer_bias",
                "right" if letter == "b" else ("blank" if letter is None else "other"),
                kind="quiz",
                max_points=1.0,
            )
            line["answer"] = letter
            lines.append(line)
    return lines, expected


@pytest.fixture
def report(tmp_path):
    """The report of the planned class, written from a shuffled verdicts file that also holds a
    superseded verdict, a broken line and a hostile student; returns (root, expected)."""
    lines, expected = planned_verdicts()
    random.Random(0).shuffle(lines)
    # s00 was graded twice: first as "other", then right (the later line counts).
    stale = verdict("s00", "01_single_neuron", "relu", "other")
    lines.insert(0, stale)
    hostile = [
        verdict(HOSTILE, "02_dense_layer", "dense_backward", "other"),
        verdict(FORMULA, "02_dense_layer", "dense_backward", "other"),
    ]
    hostile[0]["reason"] = '<img src=x onerror=alert(1)> "quoted" & more'
    expected["02_dense_layer", "dense_backward", "other"] += [HOSTILE, FORMULA]
    text = "\n".join(json.dumps(line) for line in lines + hostile)
    text += "\nnot json at all\n" + json.dumps({"student": "s99", "lesson": "01"}) + "\n"
    (tmp_path / "verdicts.jsonl").write_text(text)
    class_report.write_report(tmp_path)
    return tmp_path, expected


def csv_rows(root):
    with open(root / "class-mistakes.csv", newline="") as f:
        return list(csv.DictReader(f))


def label(outcome):
    return class_report.UNNAMED.get(outcome, outcome)


def test_every_outcome_is_counted_exactly_with_its_students(report):
    root, expected = report
    rows = {(row["lesson"], row["item"], row["outcome"]): row for row in csv_rows(root)}
    for (lesson, item, outcome), who in expected.items():
        if item == "check_answer_bias":
            continue
        row = rows.pop((lesson, item, label(outcome)))
        assert int(row["students"]) == len(who), (item, outcome)
        listed = [s[1:] if s.startswith("'") else s for s in row["student_ids"].split(";")]
        assert sorted(listed) == sorted(who), (item, outcome)
        assert row["is_right"] == ("yes" if outcome == "right" else "no")
    exercise_rows = [key for key in rows if key[1] != "check_answer_bias"]
    assert not exercise_rows, f"bars the plan does not have: {exercise_rows}"


def test_each_item_counts_each_student_once(report):
    root, expected = report
    totals = Counter()
    for row in csv_rows(root):
        totals[row["lesson"], row["item"]] += int(row["students"])
        assert int(row["of_students"]) == sum(
            len(w) for (l, i, _), w in expected.items() if (l, i) == (row["lesson"], row["item"])
        )
    assert totals["01_single_neuron", "relu"] == 14  # s00's stale verdict replaced, not added


def test_the_quiz_shows_every_option_with_its_count_and_the_key(report):
    root, _ = report
    rows = {row["outcome"]: row for row in csv_rows(root) if row["item"] == "check_answer_bias"}
    counts = {outcome.split(")")[0]: int(row["students"]) for outcome, row in rows.items()}
    assert counts == {"a": 3, "b": 8, "c": 0, "d": 2, class_report.NO_ANSWER: 1}
    [right] = [outcome for outcome, row in rows.items() if row["is_right"] == "yes"]
    assert right.startswith("b) It shifts z")


def test_bars_come_right_first_then_mistakes_by_size_then_the_rest(report):
    root, _ = report
    order = [row["outcome"] for row in csv_rows(root) if row["item"] == "sigmoid"]
    assert order == [
        "right",
        "exponent_sign",
        "tanh",
        label("other"),
        label("blank"),
        label("forbidden"),
        label("error"),
    ]


def test_lesson_scores_sum_each_students_points():
    lines = [
        verdict("s1", "01", "a", "right"),
        verdict("s1", "01", "b", "right", max_points=3.0),
        verdict("s2", "01", "a", "x_mistake"),
        verdict("s2", "01", "b", "right", max_points=3.0),
        verdict("s3", "02", "c", "blank"),
    ]
    assert class_report.lesson_scores(lines) == {
        "01": ({"s1": 5.0, "s2": 3.0}, 5.0),
        "02": ({"s3": 0.0}, 2.0),
    }


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(root):
    page = Elements()
    page.feed((root / "class-report.html").read_text())
    return page


def test_the_page_opens_offline_and_runs_nothing(report):
    root, _ = report
    page = parsed(root)
    html_text = (root / "class-report.html").read_text()
    active = ("script", "iframe", "object", "embed", "link", "base")
    assert not [tag for tag, _ in page.tags if tag in active]
    assert not [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    urls = [
        value for _, attrs in page.tags for name, value in attrs.items() if name in ("src", "href")
    ]
    assert urls and all(url.startswith(("data:image/png;base64,", "#")) for url in urls), urls
    assert not re.search(r"url\(|@import|https?://(?!evil\.example)", html_text)
    assert sum(tag == "img" for tag, _ in page.tags) == 2  # one histogram per lesson


def test_student_text_is_shown_as_text(report):
    root, _ = report
    page = parsed(root)
    text = "".join(page.text)
    assert HOSTILE in text and '<img src=x onerror=alert(1)> "quoted" & more' in text
    assert FORMULA in text


def test_the_csv_quotes_what_a_spreadsheet_would_run(report, tmp_path):
    root, _ = report
    cells = [value for row in csv_rows(root) for value in row.values()]
    assert not [value for value in cells if value[:1] in ("=", "+", "-", "@")]
    # The formula student alone behind a bar: the cell starts with the formula, so it is quoted.
    alone = verdict(FORMULA, "01", "a", "right")
    (tmp_path / "verdicts.jsonl").write_text(json.dumps(alone) + "\n")
    class_report.write_report(tmp_path)
    [row] = [row for row in csv_rows(tmp_path) if row["outcome"] == "right"]
    assert row["student_ids"] == "'" + FORMULA


def test_broken_lines_are_reported_and_left_out(report):
    root, _ = report
    text = "".join(parsed(root).text)
    assert "2 lines of the verdicts file are not valid verdicts" in text
    assert "s99" not in text


def test_the_histogram_counts_the_planned_scores(tmp_path):
    lines = [verdict(s, "01", "a", "right") for s in students(3)]
    lines.append(verdict("s10", "01", "a", "blank"))
    scores, top = class_report.lesson_scores(lines)["01"]
    png = class_report.histogram_png(scores, top, "01")
    assert png.startswith(b"\x89PNG")
    assert Counter(scores.values()) == {2.0: 3, 0.0: 1}


def test_no_verdicts_is_said_and_fails_the_command(tmp_path, capsys):
    with pytest.raises(SystemExit):
        class_report.main(["--root", str(tmp_path)])
    assert f"not written, there is no {tmp_path / 'verdicts.jsonl'}" in capsys.readouterr().out
    assert not (tmp_path / "class-report.html").exists()
