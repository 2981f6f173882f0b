"""The course on JupyterHub on one server (make hub, python -m hub; README "On JupyterHub").

Modules: install (the Python environment every user's server runs from, and configurable-http-proxy),
accounts (the trial's system accounts), trial (setup, start, remove), guard (what the instructor's
formgrader may do); jupyterhub_config.py, roles/ (each role's Jupyter and nbgrader settings) and
Dockerfile (the single-user image for hubs beyond one server) are read, not imported.
"""
