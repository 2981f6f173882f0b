"""What the hub runs, installed where every user can reach it: a Python environment and the proxy.

JupyterHub starts each user's server as that user, so the Python it runs must be executable by all of
them: not the course's .venv, whose Python may live under /root (mode 700). The hub's environment is
a venv of the system's own Python (/usr/bin/python3, Debian 12's 3.11) under PREFIX (/opt/nn-hub),
made from the same pins as .venv (requirements.txt, constraints.txt) with nnhelpers installed in it,
not editable. configurable-http-proxy comes from the npm registry, at the version hub/package-lock.json
pins, installed with `npm ci` under PREFIX too. Both are kept, in folders named after a hash of what
they were made from, so a second `make hub` (or test run) reuses them; nnhelpers is reinstalled when
its source changed.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HUB = REPO / "hub"
PREFIX = Path(os.environ.get("NN_HUB_PREFIX", "/opt/nn-hub"))
SYSTEM_PYTHON = "/usr/bin/python3"


def digest(*paths):
    """A short hash of the contents of files and folders (caches aside)."""
    h = hashlib.sha256()
    for path in paths:
        files = (
            sorted(p for p in Path(path).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if Path(path).is_dir()
            else [Path(path)]
        )
        for file in files:
            h.update(str(file.relative_to(REPO)).encode() + b"\0" + file.read_bytes())
    return h.hexdigest()[:12]


def make_world_readable(path):
    """chmod a+rX everything under `path` and its parents traversable: the users' servers run from it."""
    for folder, _, files in os.walk(path):
        os.chmod(folder, os.stat(folder).st_mode | 0o755)
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                file.chmod(
                    file.stat().st_mode | 0o444 | (0o111 if file.stat().st_mode & 0o100 else 0)
                )
    for parent in Path(path).parents:
        if parent.stat().st_mode & 0o005 != 0o005:
            raise SystemExit(
                f"{parent} is not readable by every user (mode {parent.stat().st_mode & 0o777:o}): "
                f"the hub's users cannot reach {path}. Set NN_HUB_PREFIX to a folder they can reach."
            )


def run(command, **kwargs):
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run(command, check=True, **kwargs)


def lab_defaults(venv):
    """JupyterLab defaults for every user of the environment (each can still change them): no prompt to
    fetch Jupyter's news, no update check (the hub has no internet)."""
    target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "nn-course.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(
            {
                "@jupyterlab/apputils-extension:notification": {
                    "fetchNews": "false",
                    "checkForUpdates": False,
                }
            },
            indent=1,
        )
    )
    target.chmod(0o644)


def python_env(prefix=PREFIX):
    """The venv every user's server runs from (made if missing); returns its folder."""
    venv = prefix / f"venv-{digest(REPO / 'requirements.txt', REPO / 'constraints.txt')}"
    if not (venv / ".complete").exists():
        if not Path(SYSTEM_PYTHON).exists():
            raise SystemExit(
                f"make hub needs the system's Python at {SYSTEM_PYTHON} (apt-get install python3-venv)"
            )
        shutil.rmtree(venv, ignore_errors=True)
        run([SYSTEM_PYTHON, "-m", "venv", str(venv)])
        run(
            [
                venv / "bin/python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                REPO / "requirements.txt",
                "-c",
                REPO / "constraints.txt",
            ]
        )
        (venv / ".complete").touch()
    lab_defaults(venv)
    package = digest(REPO / "pyproject.toml", REPO / "nnhelpers")
    if (venv / ".nnhelpers").exists() and (venv / ".nnhelpers").read_text() == package:
        return venv
    with (
        tempfile.TemporaryDirectory() as tmp
    ):  # a clean copy: building writes build/ and egg-info beside it
        shutil.copy(REPO / "pyproject.toml", tmp)
        shutil.copytree(
            REPO / "nnhelpers",
            Path(tmp) / "nnhelpers",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        run(
            [
                venv / "bin/python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--force-reinstall",
                tmp,
            ]
        )
    make_world_readable(venv)
    (venv / ".nnhelpers").write_text(package)
    return venv


def proxy(prefix=PREFIX):
    """configurable-http-proxy at the pinned version (npm ci, made if missing); returns its command."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "make hub needs node and npm for configurable-http-proxy: apt-get install nodejs npm"
        )
    folder = prefix / f"proxy-{digest(HUB / 'package.json', HUB / 'package-lock.json')}"
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HUB / name, folder)
        run([npm, "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder)
        make_world_readable(folder)
        (folder / ".complete").touch()
    return command


def main():
    print(python_env(), proxy(), sep="\n")


if __name__ == "__main__":
    sys.exit(main())
