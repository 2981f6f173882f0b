"""docs/mistakes.md: the first-failure message of every declared mistake, one table per lesson.

    .venv/bin/python tools/mistakes_table.py          # writes docs/mistakes.md
    .venv/bin/python tools/mistakes_table.py --check  # exit 1 if docs/mistakes.md is not current

Each row is what a student sees when the self-check first recognises that mistake (the exercise's
self-check inputs, seed 0): the symptom and where, never the fix; the fix (the mistake's hint) comes
on a repeat of the same mistake or from nh.hint, and is listed in its own column.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nnhelpers.exercises import exercises, plain, rng_for
from nnhelpers.exercises.selfcheck import SELF_CHECK_SEED, feedback

TARGET = REPO / "docs" / "mistakes.md"


def cell(text):
    return text.replace("|", "\\|").replace("\n", "<br>")


def table():
    lines = [
        "# The named mistakes of every exercise",
        "",
        "Generated from `nnhelpers/exercises/` by `tools/mistakes_table.py`; "
        "`tests/exercises/test_mistakes_table.py` keeps it current. The first failure names the symptom; "
        "the fix comes on a repeat of the same mistake, or from `nh.hint`.",
        "",
    ]
    for lesson in dict.fromkeys(ex.lesson for ex in exercises()):
        lines += [
            f"## {lesson}",
            "",
            "| exercise | mistake | first failure (self-check) | the fix (repeat, nh.hint) |",
            "|---|---|---|---|",
        ]
        for exercise in exercises(lesson):
            inputs = exercise.inputs(rng_for(SELF_CHECK_SEED, exercise.name))
            for mistake in exercise.mistakes:
                message, _ = feedback(exercise, plain(mistake.answer(inputs)), [], inputs)
                lines.append(
                    f"| {exercise.name} | {mistake.name} | {cell(message)} | {cell(mistake.hint)} |"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv):
    text = table()
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text() != text:
            print(
                f"{TARGET} is not current: run .venv/bin/python tools/mistakes_table.py",
                file=sys.stderr,
            )
            return 1
        return 0
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
