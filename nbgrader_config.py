"""nbgrader settings for the course (used by `make release` and `make grade`).

The instructor notebooks in notebooks/ are the source; tools/grading stages each graded lesson into
build/source/<lesson>/<lesson>.ipynb, and everything nbgrader writes stays under build/. `make grade`
(python -m tools.grading grade) runs autograde once per submission with a sandboxed kernel; the settings
below hold for nbgrader run by hand too, except the sandbox.
"""

import os
import sys

c = get_config()  # noqa: F821 (provided by nbgrader)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the preprocessors below live in tools/grading
from tools.course import CELL_TIMEOUT, COURSE_ID, SUBMISSION_SECONDS

c.CourseDirectory.course_id = COURSE_ID
c.CourseDirectory.root = os.path.join(HERE, "build")

# Each cell of a submission may run for CELL_TIMEOUT (30) s; then it is interrupted (and counts as failed) and the rest of
# the notebook is still graded. A cell that ignores the interrupt, or a kernel that dies, costs a kernel
# restart (tools/grading/execute.py), never the whole run.
c.Execute.timeout = CELL_TIMEOUT
# All the cells of one submission together may run for SUBMISSION_SECONDS (120) s; the cells left then
# are not run, and the grading report says so (a notebook of sleeping cells delays nobody else for long).
c.GradingExecute.budget = SUBMISSION_SECONDS
c.Execute.interrupt_on_timeout = True
# An interrupted cell then has 10 s to stop (KeyboardInterrupt, its traceback, the kernel idle again)
# before its kernel is killed and restarted: generous, so that a busy machine does not turn an
# interrupt into a restart.
c.Execute.iopub_timeout = 10
c.Execute.raise_on_iopub_timeout = False
c.Execute.store_widget_state = False
c.Autograde.autograde_preprocessors = [
    "tools.grading.execute.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A deleted or edited test cell is put back from the gradebook before grading.
c.OverwriteCells.add_missing_cells = True

# Feedback: no hidden tests, no tracebacks, no script (tools/grading/feedback.py), all HTML sanitised.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "tools.grading.feedback.FeedbackFilter",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
c.HTMLExporter.sanitize_html = True

# What replaces a solution in the student copy.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
