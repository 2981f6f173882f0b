"""nbgrader for a student on the course's hub (make hub): fetch and submit through the exchange.

JupyterHub points JUPYTER_CONFIG_PATH at this folder for students (hub/jupyterhub_config.py), and sets
NN_EXCHANGE_ROOT and NN_COURSE_ID. The student id is the account's name.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = os.environ["NN_COURSE_ID"]  # tools/course.py's COURSE_ID
c.Exchange.root = os.environ["NN_EXCHANGE_ROOT"]
