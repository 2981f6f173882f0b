"""The course's tests, laid out like what they test. A package, so that files in different folders
may share a name and tests/grading/submissions.py is imported as tests.grading.submissions.

    engine/       nnhelpers/engine: activations, initializers, layers, losses, the MLP; PyTorch
                  as an independent reference (test_against_torch.py, required in CI)
    data/         nnhelpers/data: the letters, the toy tasks
    diagnostics/  nnhelpers/diagnostics: gradient checks, lesson 08's debugging tools
    experiments/  nnhelpers/experiments: many seeds at once, statistics over seeds, fair comparisons
    display/      nnhelpers/display: explorers, live figures, static pictures
    exercises/    nnhelpers/exercises: every declared exercise, self-checks, hints, the judgement
    grading/      tools/grading: release, autograde, hostile submissions, trusted scores
    browser/      JupyterLab in headless Chromium, the way a student uses it
    hub/          hub/: the course on JupyterHub, its guard and its single-user image
    course/       the course as a whole: environment and pins, notebook hygiene, the package's
                  layout, the install, nbval under every kernel, the student workspace, the website

Shared fixtures live in conftest.py; timings live in benchmarks/ (`make bench`), never in a test.
"""

import os

import pytest


def skip_or_fail(variable, missing):
    """A test needs a tool the course does not install (Chromium, bubblewrap, PyTorch, a hub)
    and `missing` says why it cannot run here: skip it with that reason, or fail it where the
    environment variable `variable` is "required" (.ci/run sets each: CI never skips silently)."""
    if os.environ.get(variable) == "required":
        pytest.fail(f"{variable}=required, but {missing}", pytrace=False)
    pytest.skip(missing)
