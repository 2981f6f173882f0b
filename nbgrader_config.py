"""nbgrader settings for the course (used by `make release` and `make grade`).

The instructor notebooks in notebooks/ are the source; tools/grading.py stages each graded lesson
into build/source/<lesson>/<lesson>.ipynb, and everything nbgrader writes stays under build/.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "nn-from-scratch"
c.CourseDirectory.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build")

# Each cell of a submission may run for 30 s; then it is interrupted (and counts as failed)
# and the rest of the notebook is still graded.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True

# A deleted or edited test cell is put back from the gradebook before grading.
c.OverwriteCells.add_missing_cells = True

# What replaces a solution in the student copy.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
