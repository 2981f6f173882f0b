"""The course in JupyterLab in headless Chromium, driven the way a student uses it."""
