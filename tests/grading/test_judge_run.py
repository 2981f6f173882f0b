"""The judge run (tools/grading/judge.py): what a solution cell may use, and that only the solution
cells count. A blank copy plus any extra cells scores 0 on every exercise of every lesson; a solution
that calls the package's implementation of its exercise is not run ("forbidden"); the instructor's
solutions keep full marks. (The whole round trip through nbgrader: tests/grading/test_grading_judge.py.)"""

import json

import nbformat
import pytest

from nnhelpers.exercises import COMMON
from tests.grading.submissions import ROOT, strip_markers
from tools.grading import judge
from tools.grading.judge import forbidden_use, judge_submission, local_runner

LESSONS = sorted(path.stem for path in (ROOT / "notebooks").glob("0[1-8]_*.ipynb"))
ALLOWED = COMMON | {"activation"}

FORBIDDEN = {
    "attribute": "def sigmoid(z):\n    return nh.activation('sigmoid').forward(z)\n",
    "alias": "import nnhelpers as nn\n\ndef sigmoid(z):\n    return nn.MLP\n",
    "alias assigned": "helpers = nh\n\ndef relu(z):\n    return helpers.Dense\n",
    "from import": "from nnhelpers import Dense as D\n",
    "submodule": "from nnhelpers.engine.activations import Sigmoid\n",
    "submodule import": "import nnhelpers.exercises\n",
    "getattr constant": "def f(z):\n    return getattr(nh, 'Dense')\n",
    "getattr computed": "def f(z):\n    return getattr(nh, 'De' + 'nse')\n",
    "__import__": "def f(z):\n    return __import__('nnhelpers').Dense\n",
    "importlib": "import importlib\n",
    "eval": "def f(z):\n    return eval('1')\n",
    "sys.modules": "import numpy\nx = numpy.core.multiarray.sys\n",
    "dunder": "x = ().__class__.__base__.__subclasses__()\n",
    "module passed around": "def f(z):\n    return vars(nh)\n",
    "os": "import os\n",
    "star": "from nnhelpers import *\n",
    "declarations": "def f(z):\n    return nh.exercises.EXERCISES\n",
}
HONEST = {
    "numpy": "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n",
    "math": "import math\nfrom functools import reduce\n\ndef f(z):\n    return math.exp(z)\n",
    "allowed name": "nh_sigmoid = nh.activation('sigmoid').forward\n",
    "data": "X = nh.letters()\n",
    "getattr on self": "class N:\n    def __init__(self):\n        self.w = 1\n\n    def f(self, name):\n"
    "        setattr(self, name, getattr(self, 'd' + name))\n",
    "syntax error": "def f(:\n",
}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_a_solution_reaching_for_the_package_or_the_interpreter_is_forbidden(case):
    assert forbidden_use(FORBIDDEN[case], COMMON) is not None


@pytest.mark.parametrize("case", HONEST)
def test_honest_solutions_are_allowed(case):
    assert forbidden_use(HONEST[case], ALLOWED) is None


def test_what_is_allowed_depends_on_the_exercise():
    use = "nh_sigmoid = nh.activation('sigmoid').forward\n"
    assert (
        forbidden_use(use, COMMON)
        == "uses nh.activation, the package's own implementation of what this exercise asks"
    )


def solution_notebook(lesson, blank=True):
    """The instructor notebook with its solution regions replaced by stubs (blank) or unmarked."""
    from tests.exercises.test_exercises import stub

    nb = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = stub(cell.source) if blank else strip_markers(cell.source)
    return nb


# Generic cells a class could pass around: read the seed, import anything from nnhelpers, write the
# old results file, define every exercise's name through the engine. Added after the imports.
GENERIC = [
    "import os\nseed = int(os.environ.get('NNHELPERS_GRADING_SEED', 0))\n",
    "import nnhelpers.exercises, nnhelpers.harness\nfrom nnhelpers import *\n",
    "open('nnhelpers-answers.json', 'w').write('{\"seed\": 0, \"answers\": {}}')\n",
    "sigmoid = nh.activation('sigmoid').forward\nrelu = nh.activation('relu').forward\n"
    "dense_forward = lambda X, W, b: nh.Dense(1, 1).apply(X)\n",
]


def verdicts(lesson, nb, tmp_path, seed=7):
    """({exercise: verdict}, quiz values) of one judge run: one harness process per submission."""
    runs = []

    def run(request):
        runs.append(request)
        return local_runner(tmp_path)(request)

    judged, values = judge_submission(
        lesson, nb, seed, run, nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    )
    assert len(runs) == 1
    return {name: j.verdict for name, j in judged.items()}, values


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_blank_copy_with_generic_cells_scores_nothing_and_the_instructor_everything(
    lesson, tmp_path
):
    blank = solution_notebook(lesson)
    for source in reversed(GENERIC):
        blank.cells.insert(2, nbformat.v4.new_code_cell(source))
    found, values = verdicts(lesson, blank, tmp_path)
    assert found and "right" not in found.values(), found  # 0 points; mostly "blank"
    assert values == {}
    found, values = verdicts(lesson, solution_notebook(lesson, blank=False), tmp_path)
    assert set(found.values()) == {"right"}, found
    quizzes = [
        c
        for c in blank.cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")
    ]
    assert len(values) == len(quizzes)


@pytest.mark.parametrize(
    "lesson,grade_id,source,verdict",
    [
        (
            "01_single_neuron",
            "sigmoid",
            "def sigmoid(z):\n    return nh.activation('sigmoid').forward(z)\n",
            "forbidden",
        ),
        (
            "01_single_neuron",
            "relu",
            "import nnhelpers as helpers\nrelu = getattr(helpers, 'activation')('relu').f\n",
            "forbidden",
        ),
        (
            "02_dense_layer",
            "dense_backward",
            "def dense_backward(dvalues, X, weights):\n"
            "    layer = nh.Dense(*weights.shape)\n    layer.weights = weights\n    layer.forward(X)\n"
            "    return layer.dweights, layer.dbiases, layer.backward(dvalues)\n",
            "forbidden",
        ),
        ("04_letters_abc", "network", "FullyConnectedNetwork = nh.MLP\n", "forbidden"),
        ("01_single_neuron", "relu", "def relu(z):\n    return np.abs(z)\n", "mistake"),
    ],
)
def test_a_solution_calling_the_package_scores_nothing_for_that_exercise_only(
    lesson, grade_id, source, verdict, tmp_path
):
    nb = solution_notebook(lesson, blank=False)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    cell.source = source
    found, _ = verdicts(lesson, nb, tmp_path)
    hit = [item for item, v in found.items() if v != "right"]
    assert hit and all(found[item] == verdict for item in hit), found
    assert hit == ([grade_id] if grade_id in found else hit)


def test_a_judge_run_that_hangs_prints_or_exits_scores_nothing_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(judge, "TIMEOUT", 5)
    run = local_runner(tmp_path)
    base = {"preamble": "import numpy as np\nimport nnhelpers as nh\n", "seed": 1}
    right = "def sigmoid(z):\n    print('{\"answer\": 1}')\n    return 1 / (1 + np.exp(-z))\n"
    cases = {
        "while True:\n    pass\n": "more than 5 s",
        "raise SystemExit(3)\n": "sigmoid is not defined (solution cell 1 raised SystemExit: 3)",
        right + "import atexit\n": None,  # prints go elsewhere: the reply stays readable
        "def sigmoid(z):\n    return z * float('nan')\n": "NaN",
    }
    from nnhelpers.exercises import exercise

    for cell, why in cases.items():
        reply = judge.read_reply(run({**base, "cells": [{"source": cell, "then": ["sigmoid"]}]}))
        judged = judge.judgement(exercise("sigmoid"), judge.part(reply, "exercises", "sigmoid"), 1)
        if why is None:
            assert judged.verdict == "right", judged
        else:
            assert judged.verdict != "right" and why in judged.reason, judged


def test_a_reply_that_is_not_plain_json_is_an_error():
    assert judge.read_reply(b"[" * 100_000 + b"]" * 100_000)["error"].startswith(
        "the judge run gave no readable"
    )
    assert judge.read_reply(b" " * (judge.MAX_REPLY + 1))["error"].startswith(
        "the judge run's reply is more"
    )
    assert judge.read_reply(b"[1]") == {"error": "the judge run's reply is not an object"}
    reply = {"exercises": {"relu": json.dumps({"answer": {"array": [1.0]}}), "sigmoid": "[1"}}
    assert judge.part(reply, "exercises", "relu") == {"answer": {"array": [1.0]}}
    assert judge.part(reply, "exercises", "sigmoid")["error"].startswith(
        "the judge run gave no readable"
    )  # an unreadable part costs its own exercise only
    assert "no answer" in judge.part(reply, "exercises", "neuron")["error"]
    assert judge.part({**reply, "error": "stopped"}, "exercises", "relu") == {"error": "stopped"}


FILLS_THE_DISK = """
try:
    for number in range(4):  # 240 MiB, more than the working directory holds
        with open(f"big{number}.bin", "wb") as f:
            f.write(bytes(60 * 2**20))
    full = "not full"
except OSError as error:
    full = str(error)


def sigmoid(z):  # right only when the writes above found the working directory full
    return 1 / (1 + np.exp(-z)) if "No space left on device" in full else z
"""


def test_a_sandboxed_run_finds_its_working_directory_capped_and_leaves_nothing_on_disk(tmp_path):
    from tests.grading.submissions import sandbox_available
    from tools.grading.judge import sandboxed_runner
    from tools.grading.sandbox import Sandbox

    if not sandbox_available():
        pytest.skip("bubblewrap (bwrap) is not installed")
    from nnhelpers.exercises import exercise

    box = Sandbox(tmp_path / "workspace", enabled=True)
    home = tmp_path / "judge"
    request = {
        "preamble": "import numpy as np\nimport nnhelpers as nh\n",
        "seed": 1,
        "cells": [{"source": FILLS_THE_DISK, "then": ["sigmoid"]}],
    }
    reply = judge.read_reply(sandboxed_runner(box, home, 0)(request))
    judged = judge.judgement(exercise("sigmoid"), judge.part(reply, "exercises", "sigmoid"), 1)
    assert judged.verdict == "right", judged  # the tmpfs was full before 240 MiB
    assert not any((home / "work").iterdir()), "nothing the run wrote is on the grader's disk"


PROBES_THE_SANDBOX = """
import json
import os


def outcome(write):
    try:
        write()
        return "written"
    except OSError as error:
        return error.strerror


def empty_files(folder, count):
    def write():
        for number in range(count):
            open(os.path.join(folder, f"empty{number}"), "w").close()
    return write


def one_file(path):
    def write():
        with open(path, "w") as f:
            f.write("x")
    return write


found = {"home files": outcome(empty_files(".", 20_000))}
found["tmp files"] = outcome(empty_files("/tmp", 20_000))
found["files made"] = [len(os.listdir(".")), len(os.listdir("/tmp"))]
for path in ("/written", "/home/written", "/dev/written", "/opt/written", "/run/written"):
    found[path] = outcome(one_file(path))
found["font cache"] = sorted(os.listdir(".config/matplotlib"))
report = json.dumps(found)
"""


def test_a_sandboxed_run_can_make_only_so_many_files_and_write_nowhere_else(tmp_path):
    from tests.grading.submissions import sandbox_available
    from tools.grading.judge import sandboxed_runner
    from tools.grading.sandbox import Limits, Sandbox

    if not sandbox_available():
        pytest.skip("bubblewrap (bwrap) is not installed")
    box = Sandbox(tmp_path / "workspace", enabled=True)
    request = {"preamble": "", "seed": 1, "cells": [{"source": PROBES_THE_SANDBOX}]}
    request["values"] = ["report"]
    reply = judge.read_reply(sandboxed_runner(box, tmp_path / "judge", 0)(request))
    found = json.loads(json.loads(reply["values"])["report"])
    # 20,000 empty files are more than the working directory and /tmp may hold: each tmpfs is full
    # at its file cap (its own folder and, in the working directory, the font cache count too)
    assert found["home files"] == found["tmp files"] == "No space left on device", found
    home_made, tmp_made = found["files made"]
    assert Limits.home_files - 10 <= home_made < Limits.home_files, found["files made"]
    assert Limits.tmp_files - 10 <= tmp_made < Limits.tmp_files, found["files made"]
    for path in ("/written", "/home/written", "/dev/written", "/opt/written", "/run/written"):
        assert found[path] in ("Read-only file system", "Permission denied"), (path, found[path])
    staged = sorted(path.name for path in (box.stage / "matplotlib").iterdir() if path.is_file())
    assert staged and found["font cache"] == staged  # matplotlib finds its cache and builds none
