"""The judge run: every declared exercise of a submission judged outside the student's kernel.

    judge_submission(lesson, notebook, seed, run) -> ({exercise name: Judged}, {quiz variable: answer})

For each exercise declared in nnhelpers.exercises, the trusted grader (this process):
1. takes the solution cells from the repaired notebook by grade id (cells a student added never run;
   the exercise's own cell is the one its declaration names, Exercise.cell);
2. reads the exercise's own cell with an AST walk (forbidden_use): a solution that uses what the
   package implements for this exercise (nh.activation in `sigmoid`, nh.Dense in lesson 02, through
   an alias, a from-import, getattr or __import__ alike), or reaches for the interpreter's machinery
   (eval, sys.modules, dunder attributes, imports beyond NumPy and a few pure modules), is not run:
   verdict "forbidden", 0 points, the reason on the feedback page;
3. runs, in one fresh Python process in the grading sandbox (nnhelpers.harness), the declarations'
   preambles and the lesson's solution cells in order, calling each exercise's function or class
   right after its own cell on inputs drawn from a seed sent on its stdin, which no file and no
   environment the kernel sees holds; the same run reads the quiz answers (their variables' values);
4. draws the same inputs itself, computes the right answer with the engine, and reads each part of
   the reply, untrusted, against it and the declared mistakes (nnhelpers.exercises.diagnose).

`run(request) -> bytes` runs the harness: in the sandbox (sandboxed_runner) or not (local_runner).

The reasons a student reads go through nnhelpers.i18n's `_()`: they are in the grader's language
(`make grade LANG=uk`: NN_LANG=uk), which the judge run is given too (sandbox.kernel_env). Verdicts,
mistake names and every other value a program reads stay English.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from nnhelpers.exercises import COMMON, diagnose, exercises, rng_for
from nnhelpers.exercises.core import PREAMBLE
from nnhelpers.i18n import _, language

from .results import TooLarge, bounded
from .syntax import parse

MAX_REPLY = 4 * 2**20
TIMEOUT = 60  # seconds per judge run: a solution that loops forever scores 0
HARNESS = ["-P", "-s", "-m", "nnhelpers.harness"]

# What a solution cell may import (besides nnhelpers): NumPy and pure modules that reach no files,
# processes or the interpreter's insides.
IMPORTABLE = {
    "numpy",
    "math",
    "functools",
    "itertools",
    "numbers",
    "typing",
    "collections",
    "dataclasses",
    "warnings",
    "random",
    "statistics",
    "operator",
    "cmath",
    "fractions",
    "decimal",
}
# Names and attributes that reach the interpreter's machinery (and through it, any module).
BLOCKED_NAMES = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "globals",
    "locals",
    "vars",
    "open",
    "breakpoint",
    "input",
    "memoryview",
    "__builtins__",
    "__loader__",
    "__spec__",
}
BLOCKED_ATTRIBUTES = {
    "sys",
    "modules",
    "os",
    "builtins",
    "importlib",
    "subprocess",
    "f_globals",
    "f_locals",
    "f_back",
    "f_builtins",
    "gi_frame",
    "cr_frame",
    "tb_frame",
    "ctypes",
}
DUNDERS = {"__init__", "__name__", "__call__", "__len__", "__getitem__"}


@dataclass
class Judged:
    """One exercise's judgement: verdict per contract 1 of the verdicts file ("right", "mistake",
    "other", "blank", "forbidden", "error"), the mistake's name, and the one line the student sees."""

    verdict: str
    reason: str
    mistake: str = None

    def to_dict(self):
        return asdict(self)


class Use(ast.NodeVisitor):
    """Walks one solution cell; `problem` is the first forbidden use found (or None)."""

    def __init__(self, allowed, package_names):
        self.allowed = allowed
        self.package = set(package_names)  # names bound to the nnhelpers module
        self.problem = None

    def flag(self, why):
        if self.problem is None:
            self.problem = why

    def visit_Import(self, node):
        for alias in node.names:
            top = alias.name.split(".")[0]
            if alias.name == "nnhelpers":
                self.package.add(alias.asname or "nnhelpers")
            elif top == "nnhelpers":
                self.flag(_("imports {name}, the package's implementation").format(name=alias.name))
            elif top not in IMPORTABLE:
                self.flag(
                    _("imports {name}, which a solution here does not need").format(name=alias.name)
                )

    def visit_ImportFrom(self, node):
        module = node.module or ""
        if node.level or module.split(".")[0] not in IMPORTABLE | {"nnhelpers"}:
            self.flag(
                _("imports from {name}, which a solution here does not need").format(
                    name="." * node.level + module
                )
            )
        elif module.startswith("nnhelpers."):
            self.flag(_("imports from {name}, the package's implementation").format(name=module))
        elif module == "nnhelpers":
            for alias in node.names:
                self.check_name(alias.name)

    def check_name(self, name):
        if name not in self.allowed:
            self.flag(
                _(
                    "uses nh.{name}, the package's own implementation of what this exercise asks"
                ).format(name=name)
            )

    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id in self.package:
            self.check_name(node.attr)
        else:
            self.visit(node.value)
        if (
            node.attr.startswith("__")
            and node.attr not in DUNDERS
            or node.attr in BLOCKED_ATTRIBUTES
        ):
            self.flag(
                _("reaches for .{name}, which a solution here does not need").format(name=node.attr)
            )

    def visit_Name(self, node):
        if node.id in BLOCKED_NAMES:
            self.flag(_("uses {name}, which the judge does not run").format(name=node.id))
        elif node.id in self.package:
            self.flag(_("passes the nnhelpers module itself around"))
        elif node.id.startswith("__") and node.id not in DUNDERS:
            self.flag(_("uses {name}, which a solution here does not need").format(name=node.id))

    def visit_Call(self, node):
        function = node.func
        if isinstance(function, ast.Name) and function.id in ("getattr", "hasattr") and node.args:
            target, name = node.args[0], node.args[1] if len(node.args) > 1 else None
            if isinstance(target, ast.Name) and target.id in self.package:
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    self.check_name(name.value)
                else:
                    self.flag(
                        _("uses {name} on nnhelpers with a computed name").format(name=function.id)
                    )
                for argument in node.args[1:]:
                    self.visit(argument)
                return
        self.generic_visit(node)

    def visit_Assign(self, node):
        if (
            isinstance(node.value, ast.Name)
            and node.value.id in self.package
            and all(isinstance(target, ast.Name) for target in node.targets)
        ):
            self.package.update(target.id for target in node.targets)  # nh2 = nh: an alias
            return
        self.generic_visit(node)


def forbidden_use(source, allowed=COMMON, package_names=("nh",)):
    """Why the solution cell `source` may not be run for an exercise allowing `allowed` names of
    nnhelpers, or None. A cell that does not parse is not forbidden (running it says what is wrong)."""
    try:
        tree = parse(source)
    except (SyntaxError, ValueError):
        return None
    walker = Use(allowed, package_names)
    walker.visit(tree)
    return walker.problem


def solution_cells(nb):
    """[(grade_id, source)] of the notebook's solution code cells, in order."""
    return [
        (cell.metadata["nbgrader"]["grade_id"], cell.source)
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    ]


def allowed_names(instructor=None):
    """{solution cell grade id: the nnhelpers names it may use}: a declared exercise's from its
    declaration, another cell's (lessons not yet declared) what the instructor's solution uses."""
    allowed = {}
    for grade_id, source in solution_cells(instructor) if instructor else ():
        allowed[grade_id] = COMMON | _uses(source)[1]
    declared = {}
    for ex in exercises():  # the exercises of one cell (a class's methods) may use what each may
        declared[ex.cell] = declared.get(ex.cell, COMMON) | ex.allowed
    allowed.update(declared)
    return allowed


def read_reply(output):
    """The harness's reply as a dict, or {"error": why} when there is none: no reply in time, too
    long, not JSON, not an object. Each of its parts is read on its own (part)."""
    if output is None:
        return {
            "error": _("the judge run took more than {seconds} s and was stopped").format(
                seconds=TIMEOUT
            )
        }
    if len(output) > MAX_REPLY:
        return {
            "error": _("the judge run's reply is more than {size} bytes").format(size=MAX_REPLY)
        }
    return _object(output)


def _object(text):
    try:
        value = json.loads(text, parse_constant=lambda name: None)
    except (ValueError, RecursionError) as error:
        return {
            "error": _("the judge run gave no readable reply ({error})").format(
                error=type(error).__name__
            )
        }
    if type(value) is not dict:
        return {"error": _("the judge run's reply is not an object")}
    return value


def part(reply, *path):
    """One part of a reply, ("exercises", name) an exercise's or ("values",) the quiz answers: JSON
    text of its own in the reply, read as a dict of plain JSON within results.bounded's bounds, or
    {"error": why} (the run's own error where it failed as a whole)."""
    if "error" in reply:
        error = reply["error"]
        return {"error": error if type(error) is str else _("the judge run failed")}
    value = reply
    for key in path:
        value = value.get(key) if type(value) is dict else None
    if type(value) is not str:
        return {"error": _("the judge run's reply has no answer for this exercise")}
    try:
        return bounded(_object(value))
    except TooLarge as error:
        return {"error": _("the judge run's reply holds {what}: not judged").format(what=error)}


def judgement(exercise, reply, seed):
    """The Judged of one exercise from the harness's (untrusted) reply."""
    for kind in ("blank", "error", "malformed"):
        if kind in reply:
            text = str(reply[kind])[:300]
            return Judged("other" if kind == "malformed" else kind, text)
    if "answer" not in reply:
        return Judged("error", _("the judge run ended without an answer"))
    inputs = exercise.inputs(rng_for(seed, exercise.name))
    verdict = diagnose(exercise, reply["answer"], inputs)
    inputs = exercise.describe(inputs)
    if verdict.kind == "right":
        return Judged(
            "right",
            _("On the grader's own inputs ({inputs}), the answer is right.").format(inputs=inputs),
        )
    if verdict.kind == "mistake" and not verdict.alike:
        return Judged(
            "mistake",
            _("On the grader's own inputs ({inputs}): {difference}. {message}").format(
                inputs=inputs, difference=verdict.difference, message=verdict.mistake.message
            ),
            verdict.mistake.name,
        )
    if verdict.alike:
        return Judged(
            "mistake",
            _(
                "On the grader's own inputs ({inputs}): {difference}. It fits {count} known "
                "mistakes alike: {names}"
            ).format(
                inputs=inputs,
                difference=verdict.difference,
                count=len(verdict.alike),
                names=", ".join(verdict.alike),
            ),
            verdict.mistake.name,
        )
    return Judged(
        "other",
        _("On the grader's own inputs ({inputs}): {difference}.").format(
            inputs=inputs, difference=verdict.difference
        ),
    )


def _definitions(source):
    """{name: its source} of the functions and classes a cell defines at its top level."""
    try:
        tree = parse(source)
    except SyntaxError:
        return {}
    return {
        node.name: ast.get_source_segment(source, node)
        for node in tree.body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef))
    }


def _uses(source, package="nh"):
    """Names the source reads, and the attributes of nnhelpers it uses."""
    tree = parse(source)
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == package
    }
    return names, used


def lesson_context(instructor, source):
    """The code of the functions and classes the lesson's ungraded cells define that `source` builds
    on (lesson 08's FixedNet on MysteryNet, TwoLayerNet and relu), transitively, what it builds on
    first; read from the instructor notebook (trusted), "" without one."""
    context = {}  # name -> source of a function or class an ungraded cell defines
    for cell in instructor.cells if instructor else ():
        if cell.cell_type == "code" and "nbgrader" not in cell.metadata:
            context.update(_definitions(cell.source))
    try:
        needed = _uses(source)[0]
    except SyntaxError:
        return ""
    preamble = []
    while True:
        more = [name for name in context if name in needed and context[name] not in preamble]
        if not more:
            return "\n".join(preamble)
        for name in more:
            preamble.insert(0, context[name])
            needed |= _uses(context[name])[0]


def judge_submission(lesson, nb, seed, run, instructor=None):
    """({item: Judged} for every declared exercise of the lesson, {variable: str} of the quiz
    answers), from one judge run of the submission. nb: the repaired notebook; instructor: the
    lesson's source notebook (trusted), whose ungraded cells give what a solution builds on
    (lesson_context); run: request dict -> the harness's stdout bytes (or None)."""
    cells = solution_cells(nb)
    sources = dict(cells)
    allowed = allowed_names(instructor)
    judged, called = {}, {}  # called: grade id -> the exercises called after that cell
    for exercise in exercises(lesson):
        if exercise.cell not in sources:
            judged[exercise.name] = Judged("blank", _("no solution cell for this exercise"))
            continue
        problem = forbidden_use(sources[exercise.cell], COMMON | exercise.allowed)
        if problem:
            judged[exercise.name] = Judged(
                "forbidden", _("not run: the solution {problem}").format(problem=problem)
            )
            continue
        called.setdefault(exercise.cell, []).append(exercise)
    runs = [
        (grade_id, source)
        for grade_id, source in cells
        if forbidden_use(source, allowed.get(grade_id, COMMON)) is None
    ]
    context = [lesson_context(instructor, sources[grade_id]) for grade_id in called]
    quiz = [grade_id for grade_id in sources if grade_id.startswith("answer_")]
    request = {
        "preamble": "".join(dict.fromkeys([PREAMBLE, *context])),
        "cells": [
            {
                "source": source,
                "before": "".join(dict.fromkeys(ex.preamble for ex in called.get(grade_id, ()))),
                "then": [ex.name for ex in called.get(grade_id, ())],
            }
            for grade_id, source in runs
        ],
        "seed": seed,
        "values": quiz,
    }
    reply = read_reply(run(request))
    for exercises_of_cell in called.values():
        for exercise in exercises_of_cell:
            judged[exercise.name] = judgement(
                exercise, part(reply, "exercises", exercise.name), seed
            )
    found = part(reply, "values")
    values = {
        name: found[name]
        for name in quiz
        if "error" not in found and type(found.get(name)) is str and len(found[name]) <= 100
    }
    return judged, values


def _communicate(command, request, env, cwd, preexec_fn=None, pass_fds=()):
    """The command's stdout for `request` on its stdin (at most MAX_REPLY + 1 bytes), None on timeout."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=preexec_fn,  # noqa: PLW1509  (resource limits; the grader forks from no thread)
        pass_fds=pass_fds,
    )
    try:
        output, _stderr = process.communicate(json.dumps(request).encode(), timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        return None
    finally:
        try:
            os.killpg(process.pid, 9)  # whatever the run left behind
        except ProcessLookupError:
            pass
    return output[: MAX_REPLY + 1]


def local_runner(home):
    """Runs the harness without a sandbox (SANDBOX=off, and the tests), in the empty directory `home`."""

    def run(request):
        home.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "OPENBLAS_NUM_THREADS": "1",
            "HOME": str(home),
            "MPLCONFIGDIR": str(home / ".matplotlib"),
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
            **({"NN_LANG": language()} if language() != "en" else {}),
        }
        return _communicate([sys.executable, *HARNESS], request, env, home)

    return run


def sandboxed_runner(box, home, slot):
    """Runs the harness in the grading sandbox of `box` (tools.grading.sandbox.Sandbox): the same
    mounts and limits as the kernel, the staged nnhelpers, an empty working directory `home` of its
    own (not the kernel's) and no seed in its environment."""
    from .kernel import set_limits
    from .sandbox import CONNECTION, Limits, bwrap_argv, kernel_argv, kernel_env

    def run(request):
        if home.exists():
            shutil.rmtree(home)
        (home / "work").mkdir(parents=True)
        sockets = home / "sockets"
        sockets.mkdir()
        uid = box.uid(slot)
        if uid is not None:
            for path in (home / "work", sockets):
                os.chown(path, uid, uid)
        settings = {
            "sandbox": box.enabled,
            "uid": uid,
            "home": str(home / "work"),
            "sockets": str(sockets),
            "stage": str(box.stage),
            "limits": asdict(box.limits),
            "lang": box.lang,
        }
        limits = Limits(**settings["limits"])
        if not box.enabled:
            env = kernel_env(str(home / "work"), str(box.stage), box.lang)
            return _communicate(
                [sys.executable, *HARNESS],
                request,
                env,
                home / "work",
                preexec_fn=lambda: set_limits(limits, None),
            )
        connection = os.memfd_create("connection.json", 0)
        os.write(connection, b"{}")
        os.lseek(connection, 0, os.SEEK_SET)
        try:
            command = bwrap_argv(settings, connection, [])
            command = command[: -len(kernel_argv(CONNECTION, []))] + [
                command[-len(kernel_argv(CONNECTION, []))],
                *HARNESS,
            ]
            return _communicate(
                command,
                request,
                None,
                home,
                preexec_fn=lambda: set_limits(limits, uid),
                pass_fds=(connection,),
            )
        finally:
            os.close(connection)

    return run
