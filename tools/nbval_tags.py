"""Move nbval's source-comment markers into cell tags, so students see only the lesson's code.

    python tools/nbval_tags.py notebooks/*.ipynb

A code-cell line that is only a marker comment (`# NBVAL_CHECK_OUTPUT`, `# NBVAL_IGNORE_OUTPUT`,
`# NBVAL_SKIP`, `# NBVAL_RAISES_EXCEPTION`) is removed and the cell gets the tag nbval reads instead
(`nbval-check-output`, `nbval-ignore-output`, `nbval-skip`, `raises-exception`). Idempotent: re-run it
after a merge brings new marker comments; a notebook with none is left byte for byte as it was.
Stored outputs stay valid (only the source's comment line changes), so no re-execution is needed.
"""

import re
import sys

import nbformat

TAGS = {
    "NBVAL_CHECK_OUTPUT": "nbval-check-output",
    "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "NBVAL_SKIP": "nbval-skip",
    "NBVAL_RAISES_EXCEPTION": "raises-exception",
    "PYTEST_VALIDATE_IGNORE_OUTPUT": "nbval-ignore-output",  # nbval's older spelling
}
# nbval's own rule (nbval/plugin.py find_comment_markers): a stripped line of '#'s and the marker
MARKER = re.compile(r"^\s*#+\s*(" + "|".join(TAGS) + r")\s*$")


def convert(nb):
    """Move the markers of every code cell of `nb` into its tags; return how many cells changed."""
    changed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.split("\n")
        found = [MARKER.match(line).group(1) for line in lines if MARKER.match(line)]
        if not found:
            continue
        cell.source = "\n".join(line for line in lines if not MARKER.match(line)).lstrip("\n")
        tags = cell.metadata.setdefault("tags", [])
        for marker in found:
            if TAGS[marker] not in tags:
                tags.append(TAGS[marker])
        changed += 1
    return changed


def main(paths):
    total = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        changed = convert(nb)
        if changed:
            nbformat.write(nb, path)
        print(f"{path}: {changed} cell(s) converted")
        total += changed
    print(f"{total} cell(s) converted in all")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
