"""hub/: the course on JupyterHub, the formgrader's guard and the single-user image."""
