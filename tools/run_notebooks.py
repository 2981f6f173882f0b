"""Execute notebooks in place, headless, so their stored outputs are fresh (used by `make run`).

    python tools/run_notebooks.py notebooks/*.ipynb

Each notebook runs top to bottom in its own folder with the current
environment's python3 kernel. Consecutive stream outputs are merged, stored
widget state (metadata.widgets) is dropped, so student copies never carry a
slider's last value or an answer, and each explorer or quiz is stored as its static
picture without the widget view (nnhelpers.display.fallback), so a notebook opened before
running shows that picture, never "Error displaying widget".
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from nnhelpers.display.fallback import without_live_widgets


def run(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb, _ = CoalesceStreamsPreprocessor().preprocess(
        nb, {}
    )  # one print may arrive in pieces: store it whole
    nb.metadata.pop("widgets", None)
    without_live_widgets(nb)
    nbformat.write(nb, path)
    print(f"{path}: {len(nb.cells)} cells in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for notebook in sys.argv[1:]:
        run(notebook)
