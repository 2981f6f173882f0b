"""docs/mistakes.md is generated from the declarations and current; no first-failure message in it
shows its own fix."""

import subprocess
import sys
from pathlib import Path

from nnhelpers.exercises import exercises

ROOT = Path(__file__).resolve().parents[2]


def test_the_table_is_current_and_lists_every_declared_mistake():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "mistakes_table.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    text = (ROOT / "docs" / "mistakes.md").read_text()
    for exercise in exercises():
        for mistake in exercise.mistakes:
            row = next(
                line
                for line in text.splitlines()
                if line.startswith(f"| {exercise.name} | {mistake.name} |")
            )
            first_failure = row.split(" | ")[2]
            assert mistake.message.replace("|", "\\|") in first_failure
            assert mistake.hint.replace("|", "\\|") not in first_failure
