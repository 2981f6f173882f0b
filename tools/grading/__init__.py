"""The instructor's grading workflow on top of nbgrader (offline, SQLite gradebook).

    python -m tools.grading release [--root DIR]          # student copies in DIR/release/<lesson>/<lesson>.ipynb
    python -m tools.grading grade [--root DIR] [--sandbox off] [--jobs N]
        # every DIR/submitted/<student>/<lesson>/ repaired, autograded in a sandbox and given feedback on its
        # own; DIR/grades.csv and DIR/grading-report.csv (what could not be graded fully, and why)

DIR defaults to build/. Every notebook in notebooks/ that has nbgrader cells is one assignment named
after its file (01_single_neuron.ipynb -> 01_single_neuron).

Modules (the course's constants are in tools/course.py), imported one by one (`from tools.grading.run
import grade`): this package imports nothing, because the sandbox's kernel launcher (tools.grading.kernel)
imports it at every kernel start and nbgrader alone takes seconds to import. release, repair (metadata rebuilt from the release),
sandbox and kernel (bubblewrap kernel spec and launcher), execute (nbgrader's Execute that always
finishes, outputs capped), feedback (what a feedback page may show), integrity (fingerprints, backups),
judge (the judge run: solution cells only, in a fresh sandboxed process), scores (points decided outside
the kernel from the judge run, verdicts.jsonl), run (the grading run:
`grade`).
"""
