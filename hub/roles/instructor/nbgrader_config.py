"""nbgrader for the instructor on the course's hub (make hub): the course's own settings plus the exchange.

JupyterHub points JUPYTER_CONFIG_PATH at this folder for instructors (hub/jupyterhub_config.py) and sets
NN_EXCHANGE_ROOT and NN_COURSE (the instructor's copy of the course repository, ~/course). Everything
the course's nbgrader_config.py says holds here too: the course root is ~/course/build, where
`python -m tools.grading release` and `grade` work and where the formgrader's Collect puts submissions.

Four things differ from nbgrader run by hand, all for the formgrader:
- Autograde refuses to run unless it runs in the grading sandbox (hub.guard.SandboxOnly): a student's
  notebook never runs unsandboxed with the instructor's rights, next to the gradebook, and no score is
  kept that was decided inside a student's kernel. Grade in a terminal: `python -m tools.grading grade`.
- Generate Feedback writes the same sanitised pages as `grade` does (hub.guard.FeedbackExporter).
- Every page the formgrader renders shows Markdown cells cleaned by an allowlist (hub.guard.SafeCells).
- Collect takes a submission only from the account it names, and follows no link (hub.exchange.OwnedCollect);
  what it refuses is listed in build/collect-refused.csv and in `grade`'s grading-report.csv.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)
COURSE = os.environ.get("NN_COURSE", os.path.expanduser("~/course"))
load_subconfig(os.path.join(COURSE, "nbgrader_config.py"))  # noqa: F821 (provided by traitlets)

c.Exchange.root = os.environ["NN_EXCHANGE_ROOT"]
c.Autograde.autograde_preprocessors = [
    "hub.guard.SandboxOnly",
    *c.Autograde.autograde_preprocessors,
]
c.GenerateFeedback.exporter_class = "hub.guard.FeedbackExporter"
c.ExchangeFactory.collect = "hub.exchange.OwnedCollect"
c.HTMLExporter.preprocessors = ["hub.guard.SafeCells"]
