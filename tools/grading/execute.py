"""nbgrader's Execute, made to finish whatever the submission does (configured in nbgrader_config.py).

- A cell that outlives its timeout is interrupted; if the kernel does not come back within
  Execute.iopub_timeout (the cell ignores SIGINT, or sits in C code), the kernel is killed and
  restarted.
- A kernel that dies (exit(), os._exit(), a crash, a CPU limit) is restarted.
- After a restart the cells that had run without error are run again, silently, so the rest of the
  notebook is graded against the state it expects; the cell that hung or killed the kernel is not.
- All the cells together have a time budget: once it is spent, the cells left are not run (a note
  in each says so), so a notebook of cells that each sleep just under the timeout ends in about the
  budget plus one cell's timeout.
- Every output is capped in bytes as it arrives (streams, display data, errors alike), and so is each
  cell's and the notebook's total, so a 200 MB print cannot make a 200 MB notebook or feedback page.

What happened is written to `notes_file` (JSON) for the grading report.
"""

import asyncio
import json
import time
from pathlib import Path

from nbclient.exceptions import CellExecutionComplete, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from nnhelpers.i18n import _

# strerror(ENOSPC) in the kernel's C.UTF-8 locale: what a cell that fills its working directory raises
FULL_DISK = "No space left on device"


def size_of(output):
    return len(json.dumps(output, ensure_ascii=False).encode())


def removed(output, note, room):
    """What an over-long output turns into: text streams keep as much of their start as fits in `room`
    bytes, anything else becomes the `note` that says why."""
    if output.get("output_type") == "stream":
        keep = max(0, room - 1024)
        output["text"] = output["text"].encode()[:keep].decode(errors="ignore") + "\n" + note + "\n"
        return output
    if output.get("output_type") == "error":
        return new_output(
            "error",
            ename=str(output.get("ename", "Error"))[:200],
            evalue=str(output.get("evalue", ""))[:2048] + " " + note,
            traceback=[note],
        )
    return new_output("stream", name="stdout", text=note + "\n")


class GradingExecute(Execute):
    max_output_bytes = Integer(1 * 2**20, help="largest single output, in bytes").tag(config=True)
    max_cell_bytes = Integer(2 * 2**20, help="largest total output of one cell, in bytes").tag(
        config=True
    )
    max_notebook_bytes = Integer(
        16 * 2**20, help="largest total output of the notebook, in bytes"
    ).tag(config=True)
    budget = Integer(
        0, help="seconds all the cells together may run (0: no budget); then the rest are not run"
    ).tag(config=True)
    max_restarts = Integer(
        5, help="kernel restarts after which the remaining cells are not run"
    ).tag(config=True)
    notes_file = Unicode(
        "", help="where to write what went wrong (JSON list), for the grading report"
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self.notes = []
        self.restarts = 0
        self.ran_cleanly = []  # indices of cells that finished without an error, to replay after a restart
        self.notebook_bytes = 0
        self.started = None  # when the first cell started: the budget counts from there
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self.notes_file:
                Path(self.notes_file).write_text(json.dumps(self.notes, indent=1))

    def note(self, cell, text):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        self.notes.append(f"cell {cell.id}{f' ({grade_id})' if grade_id else ''}: {text}")

    # -- outputs ---------------------------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if outs:
            self.cap(outs)
        return out

    def cap(self, outs):
        """Cap the outputs of one cell in place (the last one is the newest)."""
        total = 0
        for i, output in enumerate(outs):
            size = size_of(output)
            cell_room = self.max_cell_bytes - total
            notebook_room = self.max_notebook_bytes - self.notebook_bytes - total
            if size > self.max_output_bytes:
                note = _("the limit for one output is {limit} bytes")
                limit, room = self.max_output_bytes, min(self.max_output_bytes, cell_room)
            elif size > cell_room:
                note = _("over the limit for one cell, {limit} bytes")
                limit, room = self.max_cell_bytes, cell_room
            elif size > notebook_room:
                note = _("over the limit for the notebook, {limit} bytes")
                limit, room = self.max_notebook_bytes, notebook_room
            else:
                note = None
            if note:
                # In the grader's language, as the student reads it on the feedback page.
                note = _("[output cut by the grader: {size} bytes, {why}]").format(
                    size=f"{size:,}", why=note.format(limit=f"{limit:,}")
                )
                outs[i] = removed(output, note, min(room, notebook_room))
            total += size_of(outs[i])
        return total

    def process_message(self, msg, cell, cell_index):
        try:
            return super().process_message(msg, cell, cell_index)
        except CellExecutionComplete:
            self.kernel_idle = True
            raise

    async def _async_handle_timeout(self, timeout, cell=None):
        self.timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        payload = kwargs["execute_reply"]["content"].get("payload", [])
        self.asked_exit = any(item.get("source") == "ask_exit" for item in payload)

    # -- execution -------------------------------------------------------------------------------
    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell
        self.started = self.started or time.monotonic()
        spent = self.budget and time.monotonic() - self.started > self.budget
        if spent and not any("time budget" in note for note in self.notes):
            self.notes.append(
                f"the submission's cells ran for more than its time budget of {self.budget} s; "
                "the cells left were not run"
            )
        if self.restarts > self.max_restarts or spent:
            why = (
                _(
                    "not run: the submission's cells ran for more than their time budget of "
                    "{seconds} s"
                ).format(seconds=self.budget)
                if spent
                else _("not run: the kernel was restarted {times} times already").format(
                    times=self.max_restarts
                )
            )
            cell.outputs = [new_output("error", ename="NotRun", evalue=why, traceback=[])]
            return cell
        self.timed_out = self.kernel_idle = self.asked_exit = False
        try:
            cell = await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        except DeadKernelError:
            cell.outputs.append(
                new_output(
                    "error",
                    ename="KernelDied",
                    traceback=[],
                    evalue=_(
                        "the kernel stopped while running this cell (exit(), os._exit(), a crash "
                        "or a limit); the grader restarted it and ran the cells before this one again"
                    ),
                )
            )
            self.note(cell, "the kernel died; restarted")
            await self.restart()
        else:
            if self.timed_out and not self.kernel_idle:
                cell.outputs.append(
                    new_output(
                        "error",
                        ename="CellTimeoutError",
                        traceback=[],
                        evalue=_(
                            "this cell ran for more than {seconds} s and did not stop when "
                            "interrupted; the grader killed the kernel, restarted it and ran the "
                            "cells before this one again"
                        ).format(seconds=self.timeout),
                    )
                )
                self.note(
                    cell,
                    f"did not stop when interrupted after {self.timeout} s; kernel killed and restarted",
                )
                await self.restart()
            elif self.timed_out:
                self.note(cell, f"stopped after {self.timeout} s")
            elif self.asked_exit:
                cell.outputs.append(
                    new_output(
                        "error",
                        ename="KernelExited",
                        traceback=[],
                        evalue=_(
                            "this cell asked the kernel to exit; the grader restarted it and ran "
                            "the cells before this one again"
                        ),
                    )
                )
                self.note(cell, "asked the kernel to exit; restarted")
                await self.restart()
            elif not any(out.output_type == "error" for out in cell.outputs):
                self.ran_cleanly.append(cell_index)
            elif any(FULL_DISK in str(out.get("evalue", "")) for out in cell.outputs):
                self.note(cell, "filled its working directory (the sandbox's tmpfs is capped)")
        self.notebook_bytes += self.cap(cell.outputs)
        return cell

    execute_cell = run_sync(async_execute_cell)  # nbconvert calls the synchronous one

    async def restart(self):
        """Kill the kernel (with everything it started: its PID namespace dies with it), start a fresh
        one and replay the cells that ran cleanly, silently, each within the cell timeout."""
        self.restarts += 1
        if self.restarts > self.max_restarts:
            self.notes.append(
                f"gave up after {self.max_restarts} kernel restarts; the remaining cells were not run"
            )
            return
        await ensure_async(self.km.restart_kernel(now=True))
        await ensure_async(self.kc.wait_for_ready(timeout=self.startup_timeout))
        for index in self.ran_cleanly:
            msg_id = self.kc.execute(self.nb.cells[index].source, silent=True, store_history=False)
            try:
                await asyncio.wait_for(self.reply_to(msg_id), self.timeout)
            except TimeoutError:
                self.notes.append(
                    f"replaying cell {self.nb.cells[index].id} after a restart took over {self.timeout} s"
                )
                return

    async def reply_to(self, msg_id):
        while True:
            msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
