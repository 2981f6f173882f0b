"""The inside of a judge run: one fresh Python process in the grading sandbox per submission.

    python -P -s -m nnhelpers.harness < request.json > reply.json

The request (JSON on stdin, read whole before any student code runs) holds: "preamble" (trusted code
from the declarations), "cells" (the student's solution cells, in the notebook's order, as the
trusted grader extracted them from the submission by grade id: [{"source": code, "before": trusted
code run just before it, "then": [names of the exercises to call after it]}]), "seed" and "values"
(names of variables whose string values to report: quiz answers). This process executes the preamble,
then each cell; after a cell it calls the student's function or class of each exercise named in
"then" on inputs drawn from the seed. It writes one JSON object to the stdout it was started with:
{"exercises": {name: part}, "values": part}, each part the JSON text of an object: an exercise's
{"answer": plain JSON} or {"blank": why} or {"error": why} or {"malformed": why}, the quiz answers'
{name: text}. Whatever the cells print goes to stderr. Its own texts (why an exercise has no answer)
are in the language of NN_LANG, which the grader passes on (nnhelpers.i18n).

Each cell and each call has CELL_SECONDS: a cell that loops for ever costs itself, not the exercises
after it. Nothing here judges: the trusted grader, outside, draws the same inputs, computes the right
answer with the engine, and reads this reply as untrusted data (tools/grading/judge.py).
"""

import json
import os
import signal
import sys

from .i18n import _

MAX_REQUEST = 4 * 2**20
MAX_TEXT = 300
CELL_SECONDS = 10  # each cell's time, and each exercise call's


class CellTimeout(BaseException):
    """A cell ran longer than CELL_SECONDS (a BaseException, so `except Exception` in it does not hide it)."""


def _stop(signum, frame):
    raise CellTimeout(_("ran longer than {seconds} s").format(seconds=CELL_SECONDS))


def _why(error):
    return f"{type(error).__name__}: {error}"[:MAX_TEXT]


def _limited(code, namespace, where):
    """Execute `code` in `namespace` for at most CELL_SECONDS; the error it raised as text, or None."""
    try:
        signal.alarm(CELL_SECONDS)
        exec(compile(code, where, "exec"), namespace)
    except BaseException as error:  # SystemExit, KeyboardInterrupt and CellTimeout too
        return _why(error)
    finally:
        signal.alarm(0)
    return None


def call(name, namespace, seed, problems):
    """The reply for one exercise: the student's function or class called on inputs drawn from seed."""
    from .exercises import Malformed, exercise, rng_for, run

    declared = exercise(name)
    if declared.solution not in namespace:
        if problems:
            return {
                "blank": _("{name} is not defined ({problem})").format(
                    name=declared.solution, problem=problems[-1]
                )
            }
        return {"blank": _("{name} is not defined").format(name=declared.solution)}
    try:
        signal.alarm(CELL_SECONDS)
        answer, _outputs = run(
            declared, namespace[declared.solution], declared.inputs(rng_for(seed, declared.name))
        )
        return {"answer": answer}
    except NotImplementedError:
        return {
            "blank": _("{name} is not written yet (raises NotImplementedError)").format(
                name=declared.solution
            )
        }
    except Malformed as error:
        return {"malformed": f"{declared.solution} {error}"[:MAX_TEXT]}
    except BaseException as error:
        return {
            "error": _("{name} raised {error}").format(name=declared.solution, error=_why(error))
        }
    finally:
        signal.alarm(0)


def judge(request):
    """The reply to one request, as a dict (see the module's docstring)."""
    namespace = {"__name__": "__main__"}
    problems = []
    signal.signal(signal.SIGALRM, _stop)
    error = _limited(request["preamble"], namespace, "<preamble>")
    if error:
        problems.append(_("the preamble raised {error}").format(error=error))
    answers = {}
    for number, cell in enumerate(request["cells"], 1):
        error = _limited(cell.get("before", ""), namespace, f"<preamble of cell {number}>")
        if error:
            problems.append(
                _("the preamble of solution cell {number} raised {error}").format(
                    number=number, error=error
                )
            )
        error = _limited(cell["source"], namespace, f"<solution cell {number}>")
        if error:
            problems.append(
                _("solution cell {number} raised {error}").format(number=number, error=error)
            )
        for name in cell.get("then", ()):
            answers[name] = _text(call(name, namespace, request["seed"], problems))
    values = {
        name: str.__str__(namespace[name])  # a str subclass: its letters only
        for name in request.get("values", ())
        if isinstance(namespace.get(name), str)
    }
    return {"exercises": answers, "values": _text(values)}


def _text(part):
    """One part of the reply as JSON text of its own: the grader reads each part on its own, so an
    answer it cannot read (an integer of 5000 digits) costs that exercise only."""
    try:
        return json.dumps(part, default=lambda value: None)  # NaN stays NaN: read as no number
    except BaseException as error:  # a value json cannot write (nested too deep)
        return json.dumps(
            {"error": _("the answer could not be written: {error}").format(error=_why(error))}
        )


def main():
    request = json.loads(sys.stdin.read(MAX_REQUEST))
    sys.stdin.close()
    reply_to = os.fdopen(os.dup(1), "w")  # the reply's channel; the cells' prints go to stderr
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        reply = judge(request)
    except BaseException as error:
        reply = {"error": _("the judge run failed: {error}").format(error=_why(error))}
    reply_to.write(json.dumps(reply, default=str))
    reply_to.close()  # anything written after this (an atexit handler of a cell) spoils only its own reply


if __name__ == "__main__":
    main()
