"""The instructor's grading workflow on top of nbgrader (offline, SQLite gradebook).

    python -m tools.grading release [--root DIR]          # student copies in DIR/release/<lesson>/<lesson>.ipynb
    python -m tools.grading grade [--root DIR] [--sandbox off] [--jobs N]
        # every DIR/submitted/<student>/<lesson>/ repaired, autograded in a sandbox and given feedback on its
        # own; DIR/grades.csv and DIR/grading-report.csv (what could not be graded fully, and why)

DIR defaults to build/. Every notebook in notebooks/ that has nbgrader cells is one assignment named
after its file (01_single_neuron.ipynb -> 01_single_neuron).

Modules (the course's constants are in tools/course.py): release, repair (metadata rebuilt from the release),
sandbox and kernel (bubblewrap kernel spec and launcher), execute (nbgrader's Execute that always
finishes, outputs capped), feedback (what a feedback page may show), integrity (fingerprints, backups),
judge (the judge run: solution cells only, in a fresh sandboxed process), scores (points decided outside
the kernel from the judge run, verdicts.jsonl), run (the grading run:
`grade`).
"""

from importlib import import_module

from ..course import graded_lessons

# Imported when first used: the sandbox's kernel launcher (python -m tools.grading.kernel) imports this
# package at every kernel start, and the run module brings in nbgrader (about 3 s of CPU).
_HOMES = {"grade": ".run", "release": ".release", "check_release": ".release"}


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)


__all__ = ["check_release", "grade", "graded_lessons", "release"]
