"""`nnhelpers` installs any way, not only editable: a wheel built from a clean copy of the course holds every
module and file of the package, and works from a throwaway venv with the source tree out of reach.

Nothing is downloaded: the wheel is built with the pinned setuptools already in the environment
(`--no-build-isolation`), and the throwaway venv reaches the environment's installed dependencies
through a .pth file instead of installing its own.
"""

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "nnhelpers"
pytestmark = pytest.mark.slow

# Runs inside the throwaway venv, from a temporary folder, in isolated mode (-I: no cwd, no PYTHONPATH).
PROBE = r"""
import importlib, io, json, pkgutil, sys
from contextlib import redirect_stdout
import numpy as np
import nnhelpers
from nnhelpers.exercises import CheckFailed, check

modules = ["nnhelpers"] + [info.name for info in pkgutil.walk_packages(nnhelpers.__path__, "nnhelpers.")]
for name in modules:
    importlib.import_module(name)

right = io.StringIO()
with redirect_stdout(right):
    check("sigmoid", lambda z: 1 / (1 + np.exp(-z)))
try:
    check("sigmoid", lambda z: 1 / (1 + np.exp(z)))
    wrong = None
except CheckFailed as failure:
    wrong = str(failure)
json.dump({"file": nnhelpers.__file__, "sys_path": sys.path, "modules": modules,
           "right": right.getvalue(), "wrong": wrong}, sys.stdout)
"""


def source_modules():
    """Dotted names of every module of the package in the source tree."""
    names = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def package_files(folder):
    """Every file of a package folder (compiled caches aside), relative to it."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def run(what, *args, cwd):
    """Run a command; fail naming `what` it was for, with its output, when it exits non-zero."""
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}",
            pytrace=False,
        )
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a clean copy of the course, installed into a throwaway venv."""
    tmp = tmp_path_factory.mktemp("install")
    # A copy, as a fresh clone has it: an in-tree build would leave build/ and *.egg-info behind, and a
    # stale build/lib could smuggle a deleted module into the wheel.
    source = tmp / "course"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "build",
            "__pycache__",
            "*.egg-info",
            ".pytest_cache",
            ".ipynb_checkpoints",
        ),
    )
    wheels = tmp / "wheels"
    run(
        "building the wheel",
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--wheel-dir",
        wheels,
        source,
        cwd=tmp,
    )
    [wheel] = wheels.glob("nnhelpers-*.whl")

    env = tmp / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site_packages = Path(
        run(
            "asking the throwaway venv for its site-packages",
            python,
            "-I",
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=tmp,
        ).strip()
    )
    # The course environment's packages (numpy, matplotlib, ipywidgets, and pip to install with) come after
    # the venv's own site-packages. A folder named in a .pth file is only added to sys.path, its own .pth
    # files are not run, so the editable install of the source tree stays switched off.
    (site_packages / "course_environment.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(
        "installing the wheel",
        python,
        "-I",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-index",
        "--ignore-installed",
        wheel,
        cwd=tmp,
    )
    return {"python": python, "cwd": tmp, "package": site_packages / "nnhelpers", "env": env}


@pytest.fixture(scope="module")
def probe(installed):
    """What PROBE saw in the throwaway venv (each test that needs it fails when the import fails)."""
    seen = run(
        "importing nnhelpers from the installed wheel",
        installed["python"],
        "-I",
        "-c",
        PROBE,
        cwd=installed["cwd"],
    )
    return json.loads(seen)


def test_the_wheel_is_what_gets_imported(installed, probe):
    file = Path(probe["file"])
    assert file.is_relative_to(installed["env"]), (
        f"imported {file}, not the wheel in {installed['env']}"
    )
    assert str(ROOT) not in probe["sys_path"], (
        f"the source tree {ROOT} is on the throwaway venv's sys.path"
    )


def test_the_wheel_holds_every_module(probe):
    assert sorted(probe["modules"]) == source_modules()


def test_the_wheel_holds_every_file_of_the_package(installed):
    missing = set(package_files(PACKAGE)) - set(package_files(installed["package"]))
    assert not missing, f"files of nnhelpers/ missing from the wheel: {sorted(missing)}"


def test_a_self_check_runs_from_the_wheel(probe):
    assert probe["right"].startswith("sigmoid: right.")
    assert "[exponent_sign]" in probe["wrong"]
