"""Run All per lesson, timed, as a student waits for it: each notebook in a fresh kernel, in order.

    .venv/bin/python benchmarks/run_all.py                          # every lesson
    .venv/bin/python benchmarks/run_all.py notebooks/05_*.ipynb     # some lessons

Per lesson: the seconds from the first cell's start to the last cell's end (the kernel already
running, as after the first Run All; its start-up is shown apart), the kernel's CPU seconds in
that time (about the wall time an idle machine would show), and every cell that ran longer than
CELL_S seconds (such a cell must show progress while it runs). The goal is GOAL_S seconds on an
idle 2-core machine; the load average before and after each lesson is printed beside it, since a
busy machine makes every figure larger. `make bench` shows the worst lesson in its table
(benchmarks/run.py, figure run_all_s_worst) and this table below it. Writes build/run_all.json.
"""

import json
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 10.0  # each lesson's Run All (the developers' guide)
CELL_S = 3.0  # a cell longer than this shows progress

# the kernel's own CPU seconds over Run All: close to the wall time on an idle machine, and less
# changed than the wall time by a busy one (which mostly makes the kernel wait for a core)
_CPU_START = "import resource as _resource\n_cpu = _resource.getrusage(_resource.RUSAGE_SELF)"
_CPU_END = (
    "_now = _resource.getrusage(_resource.RUSAGE_SELF)\n"
    'print(f"CPU:{_now.ru_utime + _now.ru_stime - _cpu.ru_utime - _cpu.ru_stime}")'
)


def _seconds(start, end):
    return (
        datetime.fromisoformat(end.replace("Z", "+00:00"))
        - datetime.fromisoformat(start.replace("Z", "+00:00"))
    ).total_seconds()


def run_all(path):
    """{lesson, seconds, cpu_s, kernel_s, slow_cells [(cell id, seconds)], load [before, after]}."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_CPU_START))
    nb.cells.append(nbformat.v4.new_code_cell(_CPU_END))
    load_before = os.getloadavg()[0]
    env_backend = os.environ.pop("MPLBACKEND", None)  # the inline backend, as for a student
    started = time.perf_counter()
    try:
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            record_timing=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        if env_backend is not None:
            os.environ["MPLBACKEND"] = env_backend
    wall = time.perf_counter() - started
    printed = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    cpu = float(re.search(r"CPU:(\S+)", printed)[1])
    timed = [
        (cell.id, cell.metadata["execution"])
        for cell in nb.cells[1:-1]
        if "iopub.execute_input" in cell.metadata.get("execution", {})
    ]
    seconds = _seconds(timed[0][1]["iopub.execute_input"], timed[-1][1]["shell.execute_reply"])
    cells = [
        (cell_id, _seconds(t["iopub.execute_input"], t["shell.execute_reply"]))
        for cell_id, t in timed
    ]
    return {
        "lesson": path.stem,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "kernel_s": round(wall - seconds, 2),
        "slow_cells": [(cell_id, round(s, 2)) for cell_id, s in cells if s > CELL_S],
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def table(rows):
    lines = [
        f"lesson                  Run All (s)  goal <= {GOAL_S:g}  kernel CPU (s)  "
        f"kernel start (s)  cells over {CELL_S:g} s      load before/after"
    ]
    for row in rows:
        status = "ok" if row["seconds"] <= GOAL_S else "MISSED"
        slow = ", ".join(f"{cell_id} {s:.1f}" for cell_id, s in row["slow_cells"]) or "none"
        lines.append(
            f"{row['lesson']:<24}{row['seconds']:>11.1f}  {status:>12}  "
            f"{row['cpu_s']:>14.1f}  {row['kernel_s']:>16.1f}  "
            f"{slow:<22}  {row['load'][0]:.1f} / {row['load'][1]:.1f}"
        )
    return "\n".join(lines)


def main(argv=None):
    paths = (argv if argv else sys.argv[1:]) or sorted(
        str(path) for path in (ROOT / "notebooks").glob("*.ipynb")
    )
    rows = []
    for path in paths:
        print(f"Run All {Path(path).name} ...", file=sys.stderr, flush=True)
        rows.append(run_all(path))
    (ROOT / "build").mkdir(exist_ok=True)
    report = {"cpus": os.cpu_count(), "lessons": rows}
    (ROOT / "build" / "run_all.json").write_text(json.dumps(report, indent=2) + "\n")
    print(table(rows))
    print(f"\n{os.cpu_count()} CPUs; written to build/run_all.json")
    return 0 if all(row["seconds"] <= GOAL_S for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
