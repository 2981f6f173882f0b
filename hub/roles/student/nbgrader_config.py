"""nbgrader for a student on the course's hub (make hub): fetch and submit through the exchange.

JupyterHub points JUPYTER_CONFIG_PATH at this folder for students (hub/jupyterhub_config.py), and sets
NN_EXCHANGE_ROOT. The student id is the account's name.
"""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)
c.CourseDirectory.course_id = "nn-from-scratch"
c.Exchange.root = os.environ["NN_EXCHANGE_ROOT"]
