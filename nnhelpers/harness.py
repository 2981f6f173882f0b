"""The inside of a judge run: one fresh Python process in the grading sandbox per exercise.

    python -P -s -m nnhelpers.harness < request.json > reply.json

The request (JSON on stdin, read whole before any student code runs) holds: "preamble" (trusted code
from the declaration), "cells" (the student's solution cells, as the trusted grader extracted them
from the submission by grade id), "exercise" (a name, or null), "seed" and "values" (names of
variables whose string values to report: quiz answers). This process executes the preamble and the
cells, calls the student's function or class on inputs drawn from the seed, and writes one JSON
object to the stdout it was started with: {"answer": plain JSON} or {"blank": why} or {"error":
why} or {"malformed": why}, and "values". Whatever the cells print goes to stderr.

Nothing here judges: the trusted grader, outside, draws the same inputs, computes the right answer
with the engine, and reads this reply as untrusted data (tools/grading/judge.py).
"""

import json
import os
import signal
import sys

MAX_REQUEST = 4 * 2**20
MAX_TEXT = 300
CELL_SECONDS = (
    10  # each cell's time: a cell that loops for ever costs itself, not the exercises after it
)


class CellTimeout(BaseException):
    """A cell ran longer than CELL_SECONDS (a BaseException, so `except Exception` in it does not hide it)."""


def _stop(signum, frame):
    raise CellTimeout(f"ran longer than {CELL_SECONDS} s")


def _why(error):
    return f"{type(error).__name__}: {error}"[:MAX_TEXT]


def judge(request):
    """The reply to one request, as a dict (see the module's docstring)."""
    namespace = {"__name__": "__main__"}
    problems = []
    try:
        exec(compile(request["preamble"], "<preamble>", "exec"), namespace)
    except Exception as error:
        problems.append(f"the preamble raised {_why(error)}")
    signal.signal(signal.SIGALRM, _stop)
    for number, source in enumerate(request["cells"]):
        try:
            signal.alarm(CELL_SECONDS)
            exec(compile(source, f"<solution cell {number + 1}>", "exec"), namespace)
        except BaseException as error:  # SystemExit, KeyboardInterrupt and CellTimeout too
            problems.append(f"solution cell {number + 1} raised {_why(error)}")
        finally:
            signal.alarm(0)
    reply = {
        "values": {
            name: str.__str__(namespace[name])
            for name in request.get("values", ())
            if isinstance(namespace.get(name), str)
        }
    }  # a str subclass: its letters only
    if request.get("exercise") is None:
        return reply
    from .exercises import Malformed, exercise, rng_for, run

    declared = exercise(request["exercise"])
    if declared.solution not in namespace:
        reply["blank"] = f"{declared.solution} is not defined" + (
            f" ({problems[-1]})" if problems else ""
        )
        return reply
    try:
        reply["answer"], _ = run(
            declared,
            namespace[declared.solution],
            declared.inputs(rng_for(request["seed"], declared.name)),
        )
    except NotImplementedError:
        reply["blank"] = f"{declared.solution} is not written yet (raises NotImplementedError)"
    except Malformed as error:
        reply["malformed"] = f"{declared.solution} {error}"[:MAX_TEXT]
    except BaseException as error:
        reply["error"] = f"{declared.solution} raised {_why(error)}"
    return reply


def main():
    request = json.loads(sys.stdin.read(MAX_REQUEST))
    sys.stdin.close()
    reply_to = os.fdopen(os.dup(1), "w")  # the reply's channel; the cells' prints go to stderr
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        reply = judge(request)
    except BaseException as error:
        reply = {"error": f"the judge run failed: {_why(error)}"}
    reply_to.write(
        json.dumps(reply, default=lambda value: None)
    )  # NaN stays NaN: read as no number
    reply_to.close()  # anything written after this (an atexit handler of a cell) spoils only its own reply


if __name__ == "__main__":
    main()
