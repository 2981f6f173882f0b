"""`make grade`: every submission repaired and autograded in its sandbox on its own, so whatever one
submission does stays with it. As soon as a submission is graded, its feedback page is written and its row
appended to grades.csv, so a slow submission delays nobody else's result; once all are graded, grades.csv
is written whole by nbgrader export, with a report of what could not be graded fully. The submissions
with the most code cells start first, and one that idles lets the next start beside it (schedule.py).

    root/submitted/<student>/<lesson>/<lesson>.ipynb    what students handed in (never modified)
    root/repaired/<student>/<lesson>/<lesson>.ipynb     the same, nbgrader metadata rebuilt (repair.py)
    root/autograded/..., root/feedback/...              nbgrader's output
    root/grading/<lesson>/<student>/home/               the kernel's working directory (sandbox.py)
    root/grades.csv, root/grading-report.csv, root/trusted-scores.csv, root/backups/gradebook-<time>.db
    root/verdicts.jsonl, root/class-report.html, root/class-mistakes.csv   this run's verdicts, the class report

Points: nbgrader runs the test cells in the sandbox, but what they award is set afterwards, outside it,
by scores.py: a judge run executes only the solution cells, on inputs drawn from a seed of its own.
"""

import csv
import json
import queue
import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins.export import CsvExportPlugin

from nnhelpers.i18n import _

from ..course import CELL_TIMEOUT, NOTEBOOKS, REPO, graded_lessons, nbgrader_command
from . import forked, integrity
from .judge import sandboxed_runner
from .page_words import in_graders_language
from .plain import make_plain, plain, write_csv
from .repair import Rejected, check_folders, read_file, read_submission, repair
from .sandbox import MAX_SLOTS, Sandbox, bwrap, tidy
from .sanitize import sanitize_page
from .schedule import Permits, longest_first
from .scores import score_submission

TRUSTED_FIELDS = ["lesson", "student", "grade_id", "points", "max_points", "reason"]

MAX_SIDE_FILE_BYTES = 4096  # timestamp.txt, submission_secret.txt
REPORT_FIELDS = ["assignment", "student_id", "outcome", "details"]


@dataclass
class Outcome:
    lesson: str
    student: str
    repairs: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # what kept the submission from being graded fully
    graded: bool = True  # False: its score is that of an empty copy
    trusted: list = field(
        default_factory=list
    )  # (grade_id, points, max_points, reason) per test cell

    @property
    def outcome(self):
        if not self.graded:
            return "not graded (scored as an empty copy)"
        if self.problems:
            return "partly graded"
        return "graded after repair" if self.repairs else "graded"

    def row(self):
        return {
            "assignment": self.lesson,
            "student_id": self.student,
            "outcome": self.outcome,
            "details": "; ".join(self.problems + self.repairs),
        }


class Grader:
    def __init__(self, root, sandbox, timeout, nbgrader_options):
        self.root = Path(root)
        self.timeout = timeout
        self.submission_timeout = 300 + 20 * timeout
        self.options = [f"--Execute.timeout={timeout}", *nbgrader_options]
        self.box = Sandbox(self.root / "grading", enabled=sandbox)
        # The trusted scores of one submission at a time: reading its cells (ast, which CPython 3.11
        # cannot run in two threads at once), judging the replies, writing the gradebook. The judge
        # runs themselves, processes in the sandbox, go on side by side (unlocked).
        self.gradebook_lock = threading.Lock()
        self.rows_lock = threading.Lock()  # grades.csv, appended to as each submission finishes
        self.slots = queue.Queue()  # the sandbox's users: one per submission running
        for slot in range(MAX_SLOTS):
            self.slots.put(slot)

    def nbgrader(self, *args, log, env=(), timeout=None, watch=None):
        command, base_env = nbgrader_command(self.root, *args)
        return forked.run(
            command[3:], dict(base_env, **dict(env)), timeout or self.submission_timeout, log, watch
        )

    def grade(self, lesson, student, permit):
        """The outcome of one submission, its feedback page and its row of grades.csv, written as soon as
        it is graded; whatever goes wrong with it stays with it (scored 0, reported). `permit`: its
        schedule.Permit, given back when it ends or idles."""
        slot = self.slots.get()
        try:
            with permit:
                try:
                    outcome = self.grade_submission(lesson, student, slot, permit)
                except Exception as error:
                    outcome = Outcome(lesson, student, graded=False)
                    outcome.problems.append(
                        f"grading failed ({type(error).__name__}: {error}); scored 0"
                    )
                    outcome.trusted = self.zero_scores(lesson, student, outcome.problems[-1])
                self.feedback(outcome)
                self.grades_row(outcome)
                return outcome
        finally:
            self.slots.put(slot)

    def trusted_scores(self, outcome, slot):
        """The judge's points for one autograded submission (scores.py: a judge run of its solution cells in
        the sandbox), set in the gradebook; if judging fails as a whole, every test cell 0 with the reason."""
        lesson, student = outcome.lesson, outcome.student
        autograded = self.root / "autograded" / student / lesson / f"{lesson}.ipynb"
        repaired = self.root / "repaired" / student / lesson / f"{lesson}.ipynb"
        runner = self.unlocked(
            sandboxed_runner(self.box, self.box.folder(lesson, student) / "judge", slot)
        )
        with self.gradebook_lock:
            try:
                return score_submission(
                    lesson, autograded, self.root / "gradebook.db", student, repaired, runner
                )
            except Exception as error:
                outcome.problems.append(
                    f"could not be judged ({type(error).__name__}: {error}); scored 0"
                )
        return self.zero_scores(lesson, student, outcome.problems[-1])

    def unlocked(self, run):
        """The judge runner `run`, run with the gradebook lock let go, so that another submission's
        trusted scores are decided meanwhile."""

        def run_unlocked(request):
            self.gradebook_lock.release()
            try:
                return run(request)
            finally:
                self.gradebook_lock.acquire()

        return run_unlocked

    def zero_scores(self, lesson, student, reason):
        """Every test cell of the submission set to 0 points in the gradebook (no score decided inside the
        kernel stands); returns the rows of trusted-scores.csv."""
        rows = []
        with self.gradebook_lock, Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
            try:
                cells = gb.find_notebook(lesson, lesson).grade_cells
            except MissingEntry:
                return rows
            for cell in cells:
                try:
                    grade = gb.find_grade(cell.name, lesson, lesson, student)
                except MissingEntry:
                    continue
                grade.auto_score, grade.manual_score, grade.needs_manual_grade = 0.0, None, False
                rows.append((cell.name, 0.0, cell.max_score, reason[:300]))
            gb.db.commit()
        return rows

    def grade_submission(self, lesson, student, slot, permit):
        outcome = Outcome(lesson, student)
        release = nbformat.read(self.root / "release" / lesson / f"{lesson}.ipynb", as_version=4)
        submitted = self.root / "submitted" / student / lesson
        try:
            check_folders(self.root / "submitted", submitted)
            nb, outcome.repairs = repair(read_submission(submitted / f"{lesson}.ipynb"), release)
        except (Rejected, FileNotFoundError) as error:
            why = (
                str(error)
                if isinstance(error, Rejected)
                else f"there is no {lesson}.ipynb in the submission"
            )
            outcome.graded, outcome.problems = False, [why]
            nb = self.empty_copy(release, why)
        outcome.problems += self.write_repaired(nb, submitted, lesson, student)
        home = self.autograde(outcome, slot, "autograde.log", permit)
        if home is None:
            self.write_repaired(
                self.empty_copy(release, outcome.problems[-1]), submitted, lesson, student
            )
            home = self.autograde(outcome, slot, "autograde-empty-copy.log", permit)
            if home is None:
                outcome.problems.append("no score recorded: even an empty copy could not be graded")
                return outcome
        outcome.problems += tidy(home)
        # Points decided outside the kernel by a judge run of the solution cells (scores.py), before
        # feedback and export read them; a submission that cannot be judged at all scores 0 with the reason.
        outcome.trusted = self.trusted_scores(outcome, slot)
        outcome.problems += tidy(self.box.folder(lesson, student) / "judge", "its judge run")
        return outcome

    def feedback(self, outcome):
        """The feedback page of one submission: nbgrader's, then sanitised and put in the grader's
        language; a submission without a page says so in the report."""
        lesson, student = outcome.lesson, outcome.student
        control = self.box.folder(lesson, student) / "control"
        control.mkdir(parents=True, exist_ok=True)
        log = control / "feedback.log"
        self.nbgrader("generate_feedback", lesson, "--student", student, "--force", log=log)
        page = self.root / "feedback" / student / lesson / f"{lesson}.html"
        if not page.exists():
            outcome.problems.append(f"no feedback page: see {log}")
            return
        try:
            page.write_text(in_graders_language(sanitize_page(page.read_text())))
        except Exception as error:  # bleach's html5lib can raise on odd markup: that page only
            page.unlink()
            outcome.problems.append(
                f"no feedback page: sanitising it failed ({type(error).__name__})"
            )

    def grades_row(self, outcome):
        """Append the submission's row to root/grades.csv (nbgrader's CSV export of that submission
        alone), so that a slow submission delays nobody else's result; `grade` writes the whole file
        again with nbgrader export once every submission is graded."""
        part = self.box.folder(outcome.lesson, outcome.student) / "control" / "grades.csv"
        plugin = CsvExportPlugin(
            to=str(part), student=[outcome.student], assignment=[outcome.lesson]
        )
        try:
            with self.gradebook_lock, Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
                plugin.export(gb)
            make_plain(part)
            header, *rows = part.read_text().splitlines(keepends=True)
        except Exception as error:
            outcome.problems.append(f"no row in grades.csv yet ({type(error).__name__}: {error})")
            return
        with self.rows_lock, open(self.root / "grades.csv", "a") as grades:
            grades.writelines(rows if grades.tell() else [header, *rows])

    def empty_copy(self, release, why):
        """The release with a note on top: what a submission that cannot be graded is scored and shown as."""
        nb = nbformat.from_dict(release)
        nb.cells.insert(
            0,
            nbformat.v4.new_markdown_cell(
                _(
                    "**This submission could not be graded:** {why}. It was scored as an empty "
                    "copy of the lesson."
                ).format(why=why)
            ),
        )
        return nb

    def write_repaired(self, nb, submitted, lesson, student):
        target = self.root / "repaired" / student / lesson
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        nbformat.write(nb, target / f"{lesson}.ipynb")
        # nbgrader's exchange writes both beside a submission; releasing feedback needs both (the secret
        # names the student's feedback file in the exchange). Read without following a link: a link to
        # /etc/shadow would be copied with the grader's rights into autograded/ and feedback/.
        problems = []
        for name in ("timestamp.txt", "submission_secret.txt"):
            try:
                (target / name).write_bytes(read_file(submitted / name, MAX_SIDE_FILE_BYTES, name))
            except FileNotFoundError:
                pass
            except Rejected as error:
                problems.append(f"{error}: not copied")
        return problems

    def autograde(self, outcome, slot, log, permit):
        """Autograde the repaired notebook in a fresh sandbox; return
        its working directory, or None (with the reason added to outcome.problems) if nbgrader did not
        finish."""
        home, control, sockets, options, env = self.box.prepare(
            outcome.lesson, outcome.student, slot
        )
        notes = control / "notes.json"
        try:
            code, error = self.nbgrader(
                "autograde",
                outcome.lesson,
                "--student",
                outcome.student,
                "--force",
                "--CourseDirectory.submitted_directory=repaired",
                f"--GradingExecute.notes_file={notes}",
                *options,
                *self.options,
                env=env,
                log=control / log,
                watch=permit.watch,
            )
        finally:
            shutil.rmtree(sockets, ignore_errors=True)
        if notes.exists():
            outcome.problems += json.loads(notes.read_text())
        if code == 0:
            return home
        outcome.graded = False
        outcome.problems.append(
            f"grading took longer than {self.submission_timeout} s and was stopped"
            if code is None
            else f"nbgrader autograde failed: {error}"
        )
        return None


def submissions(root):
    """(lesson, student) of every submission under root/submitted/<student>/<lesson>/."""
    lessons = [path.stem for path in graded_lessons()]
    found = sorted((p.name, p.parent.name) for p in Path(root).glob("submitted/*/*") if p.is_dir())
    unknown = sorted({lesson for lesson, _student in found if lesson not in lessons})
    if unknown:
        raise SystemExit(
            plain(f"submissions for unknown lessons {unknown}; graded lessons are {lessons}")
        )
    if not found:
        raise SystemExit(
            f"no submissions under {Path(root) / 'submitted'}/<student>/<lesson>/; nothing to grade"
        )
    return found


def refused_at_collect(root):
    """Rows of grading-report.csv for the exchange entries the hub's Collect refused (hub/exchange.py)."""
    path = Path(root) / "collect-refused.csv"
    if not path.is_file():
        return []
    with open(path, newline="") as f:
        return [
            {
                "assignment": row.get("assignment", ""),
                "student_id": row.get("student_id", ""),
                "outcome": "refused at collect",
                "details": f"{row.get('entry', '')}: {row.get('reason', '')}",
            }
            for row in csv.DictReader(f)
        ]


def trusted_trees(root, box):
    """What must not change while grading runs: {name: (path, fingerprint by contents)}."""
    return {
        "nnhelpers": (REPO / "nnhelpers", True),
        "notebooks": (NOTEBOOKS, True),
        "tools": (REPO / "tools", True),
        "nbgrader_config.py": (REPO / "nbgrader_config.py", True),
        "venv": (Path(sys.prefix), False),
        "staged course": (box.stage, True),
        "nbgrader source": (Path(root) / "source", True),
        "release": (Path(root) / "release", True),
    }


def grade(root, *nbgrader_options, sandbox=True, timeout=CELL_TIMEOUT, jobs=2):
    """Grade every submission under root/submitted/; write root/grades.csv, root/grading-report.csv
    and the class report (root/class-report.html, root/class-mistakes.csv, from root/verdicts.jsonl).

    sandbox=False runs the kernels without isolation (SANDBOX=off). nbgrader_options: extra settings
    for autograde. Raises SystemExit if bubblewrap is missing, or if course code, tools, the venv or the
    staged copy changed while grading ran (then no grades.csv is written).
    """
    if not 1 <= jobs <= MAX_SLOTS:
        raise SystemExit(
            f"jobs: submissions using the processors at once, 1 to {MAX_SLOTS}; got {jobs}"
        )
    root = Path(root)
    work = submissions(root)
    if sandbox and not bwrap():
        raise SystemExit(
            "make grade runs each submission in a bubblewrap sandbox, but `bwrap` is not installed.\n"
            "Install it (Debian/Ubuntu: sudo apt-get install bubblewrap), or grade without isolation, "
            "trusting every submission, with: make grade SANDBOX=off"
        )
    if not sandbox:
        print(
            "WARNING: SANDBOX=off: submissions run with your permissions, network and files; "
            "grade only notebooks you trust.",
            file=sys.stderr,
        )
    backup = integrity.back_up_gradebook(root)
    if backup:
        print(f"gradebook backed up to {backup}")
    (root / "grades.csv").unlink(missing_ok=True)
    (root / "verdicts.jsonl").unlink(
        missing_ok=True
    )  # this run's verdicts only: the class report reads them
    grader = Grader(root, sandbox, timeout, nbgrader_options)
    trees = trusted_trees(root, grader.box)
    before = integrity.snapshot(trees)
    permits = Permits(jobs)  # at most `jobs` submissions using the processors, and those idle
    with ThreadPoolExecutor(max_workers=MAX_SLOTS) as pool:
        graded = [
            pool.submit(grader.grade, lesson, student, permits.hold())  # waits for a permit
            for lesson, student in longest_first(root, work)
        ]
        outcomes = [future.result() for future in graded]
    place = {item: i for i, item in enumerate(work)}  # the reports list submissions in work's order
    outcomes.sort(key=lambda outcome: place[outcome.lesson, outcome.student])
    report = root / "grading-report.csv"
    refused = refused_at_collect(root)
    write_csv(
        report,
        REPORT_FIELDS,
        [outcome.row() for outcome in outcomes if outcome.outcome != "graded"] + refused,
    )
    for row in refused:
        print(plain(f"{row['student_id']}/{row['assignment']}: {row['outcome']}: {row['details']}"))
    write_csv(
        root / "trusted-scores.csv",
        TRUSTED_FIELDS,
        [(o.lesson, o.student, *row) for o in outcomes for row in o.trusted],
    )
    for outcome in outcomes:
        if outcome.outcome != "graded":
            print(
                plain(
                    f"{outcome.student}/{outcome.lesson}: {outcome.outcome}: {outcome.row()['details']}"
                )
            )
    changed = integrity.changes(before, integrity.snapshot(trees))
    if changed:
        (root / "grades.csv").unlink(missing_ok=True)
        raise SystemExit(
            "INTEGRITY CHECK FAILED: files grading relies on changed while submissions ran; "
            "grades.csv was removed. Restore them (git status, reinstall the venv) and the gradebook "
            f"from {root / 'backups'}, then grade again.\n  "
            + "\n  ".join(map(plain, changed[:50]))
        )
    code, error = grader.nbgrader(
        "export",
        f"--CsvExportPlugin.to={root / 'grades.csv'}",
        timeout=600,
        log=root / "grading" / "export.log",
    )
    if code != 0:
        raise SystemExit(plain(f"nbgrader export failed: {error}"))
    make_plain(root / "grades.csv")
    print(
        f"grades: {root / 'grades.csv'}; feedback: {root / 'feedback'}/<student>/<lesson>/; "
        f"{sum(o.outcome != 'graded' for o in outcomes)} of {len(outcomes)} submissions in {report}"
    )
    from .class_report import write_report

    write_report(root)
    return outcomes
