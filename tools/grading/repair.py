"""Repair a submitted notebook before grading: its nbgrader metadata is rebuilt from the released copy.

Students' notebooks arrive with copy-pasted cells (two cells with one grade_id), metadata lost or mangled by
another editor (points "lots", schema_version 99, a test cell set to grade: false), or not as a notebook at all.
The student never decides what is graded: every graded cell of the release is found in the submission (by
grade_id, else by cell id), gets the release's nbgrader metadata back, and every other cell loses whatever
nbgrader metadata it carries. A test cell that cannot be found is put back from the release (nbgrader then
restores its hidden tests from the gradebook). Answer cells that cannot be found are not put back: a stub
would overwrite the student's answer if it sits in a cell of its own.
"""

import copy
import errno
import json
import os
import re
import stat
import uuid
from pathlib import Path

import nbformat

# A submission larger than this is not read: it is not a lesson notebook (outputs are discarded anyway).
MAX_NOTEBOOK_BYTES = 64 * 2**20
GRADING_KEYS = ("grade", "grade_id", "locked", "points", "schema_version", "solution", "task")
VALID_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class Rejected(Exception):
    """The submission cannot be read as a notebook; the message says why, for the instructor."""


def read_file(path, limit, what="the file"):
    """The bytes of the regular file `path`, opened without following a symbolic link (a submission's link
    would be read with the grader's rights). Rejected if it is a link, not a regular file, or larger than
    `limit` bytes; FileNotFoundError if it is not there."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Rejected(
                f"{what} is a symbolic link (to {os.readlink(path)!r:.80}); links are not followed"
            ) from None
        raise
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Rejected(f"{what} is not a regular file")
        if info.st_size > limit:
            raise Rejected(
                f"{what} is {info.st_size / 2**20:.0f} MiB; at most {limit / 2**20:.0f} MiB is read"
            )
        return f.read(limit + 1)


def check_folders(root, folder):
    """Rejected if `folder` or a folder between it and `root` is a symbolic link."""
    for path in [Path(folder), *Path(folder).parents]:
        if path == Path(root):
            return
        if path.is_symlink():
            raise Rejected(
                f"the folder {path.relative_to(root)} is a symbolic link; links are not followed"
            )


def read_submission(path):
    """The submitted notebook as a dict, or Rejected naming what is wrong with the file."""
    size = Path(path).lstat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise Rejected(
            f"the file is {size / 2**20:.0f} MiB; a lesson notebook is at most {MAX_NOTEBOOK_BYTES >> 20} MiB"
        )
    try:
        nb = json.loads(read_file(path, MAX_NOTEBOOK_BYTES, "the notebook"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Rejected(f"the file is not a notebook (not valid JSON: {error})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Rejected("the file is JSON but not a notebook (no list of cells)")
    if nb.get("nbformat") != 4:
        raise Rejected(
            f"the notebook has format version {nb.get('nbformat')!r}; expected 4 (Jupyter's current format)"
        )
    return nb


def grade_id_of(cell):
    """The cell's grade_id when its nbgrader metadata is well formed enough to name one, else None."""
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def clean_cell(cell):
    """A valid nbformat 4 cell holding the submitted cell's type, source and id (outputs dropped)."""
    cell_type = (
        cell.get("cell_type") if cell.get("cell_type") in ("code", "markdown", "raw") else "raw"
    )
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(part for part in source if isinstance(part, str))
    if not isinstance(source, str):
        source = ""
    metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    metadata = {
        key: value
        for key, value in metadata.items()
        if key in ("tags", "collapsed", "jupyter", "scrolled")
    }
    new = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
        "raw": nbformat.v4.new_raw_cell,
    }[cell_type](source=source, metadata=metadata)
    if isinstance(cell.get("id"), str):
        new.id = cell["id"]
    return new


def differs(nbgrader, released):
    """True when submitted nbgrader metadata grades differently from the release's (checksums aside)."""
    return any(nbgrader.get(key) != released.get(key) for key in GRADING_KEYS)


def as_release_cell(cell, release_cell):
    """The submitted cell with the type and nbgrader metadata of its released counterpart."""
    if cell.cell_type != release_cell.cell_type:
        fixed = copy.deepcopy(release_cell)
        fixed.source = (
            cell.source if not release_cell.metadata.nbgrader.get("locked") else release_cell.source
        )
        cell = fixed
    cell.metadata["nbgrader"] = copy.deepcopy(release_cell.metadata["nbgrader"])
    for key in ("editable", "deletable"):
        if key in release_cell.metadata:
            cell.metadata[key] = release_cell.metadata[key]
    return cell


def chosen_cells(raw_cells, graded, by_cell_id):
    """{grade_id: index of the submitted cell that gets its metadata}: of several cells claiming one
    grade_id (a copy-pasted cell), the one with the release's cell id, else the first."""
    chosen = {}
    for index, raw in enumerate(raw_cells):
        if not isinstance(raw, dict):
            continue
        claimed = grade_id_of(raw)
        grade_id = claimed if claimed in graded else by_cell_id.get(raw.get("id"))
        if grade_id is None:
            continue
        if grade_id not in chosen or (
            raw.get("id") == graded[grade_id].id
            and raw_cells[chosen[grade_id]].get("id") != graded[grade_id].id
        ):
            chosen[grade_id] = index
    return chosen


def in_release_order(cells, placed, graded):
    """(cells, notes): every test cell that sits above a graded cell the release puts before it is moved
    to just below the last such cell, where the release has it (a test above its answer would fail)."""
    order = list(graded)
    by_grade_id = {grade_id: cells[index] for grade_id, index in placed.items()}
    notes = []
    for grade_id in order:
        if grade_id not in by_grade_id or not graded[grade_id].metadata.nbgrader.get("grade"):
            continue
        position = {id(cell): index for index, cell in enumerate(cells)}
        earlier = [gid for gid in order[: order.index(grade_id)] if gid in by_grade_id]
        if not earlier:
            continue
        last = max(earlier, key=lambda gid: position[id(by_grade_id[gid])])
        if position[id(by_grade_id[last])] > position[id(by_grade_id[grade_id])]:
            cells.remove(by_grade_id[grade_id])
            cells.insert(cells.index(by_grade_id[last]) + 1, by_grade_id[grade_id])
            notes.append(
                f"moved the test cell '{grade_id}' below '{last}', where the release has it"
            )
    return cells, notes


def repair(submitted, release):
    """(repaired notebook, list of what was repaired in words) for a submitted notebook dict.

    `release` is the student copy nbgrader generated for this lesson.
    """
    graded = {
        cell.metadata.nbgrader["grade_id"]: cell
        for cell in release.cells
        if "nbgrader" in cell.metadata
    }
    by_cell_id = {cell.id: grade_id for grade_id, cell in graded.items()}
    notes, restored = [], []
    placed = {}  # grade_id -> index in `cells`
    cells = []
    chosen = chosen_cells(submitted["cells"], graded, by_cell_id)
    for index, raw in enumerate(submitted["cells"]):
        if not isinstance(raw, dict):
            notes.append("dropped an entry of the cell list that is not a cell")
            continue
        cell = clean_cell(raw)
        claimed = grade_id_of(raw)
        grade_id = claimed if claimed in graded else by_cell_id.get(raw.get("id"))
        if grade_id is not None and chosen.get(grade_id) == index:
            if claimed != grade_id or differs(
                raw["metadata"]["nbgrader"], graded[grade_id].metadata["nbgrader"]
            ):
                restored.append(grade_id)
            placed[grade_id] = len(cells)
            cell = as_release_cell(cell, graded[grade_id])
        elif claimed is not None or (
            isinstance(raw.get("metadata"), dict) and "nbgrader" in raw["metadata"]
        ):
            why = "a copy of" if grade_id in chosen else "unknown"
            notes.append(
                f"cell {raw.get('id', '?')}: dropped nbgrader metadata ({why} cell '{claimed or grade_id}')"
            )
        cells.append(cell)
    if restored:
        notes.insert(
            0, f"restored the nbgrader metadata of {len(restored)} cell(s): {', '.join(restored)}"
        )
    missing_tests = [
        gid
        for gid, cell in graded.items()
        if gid not in placed and cell.metadata.nbgrader.get("grade")
    ]
    for grade_id in missing_tests:
        order = list(graded)
        before = [gid for gid in order[: order.index(grade_id)] if gid in placed]
        at = placed[before[-1]] + 1 if before else len(cells)
        cells.insert(at, copy.deepcopy(graded[grade_id]))
        placed = {gid: i + (i >= at) for gid, i in placed.items()}
        placed[grade_id] = at
        notes.append(f"put back the missing test cell '{grade_id}'")
    cells, moved = in_release_order(cells, placed, graded)
    notes += moved
    seen = set()
    for cell in cells:  # ids must be unique and well formed; a copy-pasted cell may repeat one
        if cell.id in seen or not VALID_ID.match(cell.id):
            cell.id = uuid.uuid4().hex[:8]
        seen.add(cell.id)
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(release.metadata))
    nbformat.validate(nb)
    return nb, notes
