"""The three places that pin versions agree: requirements.txt, environment.yml, nh.doctor(); and every pin
installs on the oldest Python that README promises."""

import re
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

import nnhelpers as nh
from nnhelpers import versions
from nnhelpers.versions import PINNED

ROOT = Path(__file__).resolve().parents[2]


def pins(text):
    return dict(re.findall(r"^\s*(?:-\s*)?([A-Za-z0-9_.\-]+)==([^\s#]+)", text, flags=re.M))


def test_environment_yml_lists_the_same_pins_as_requirements():
    requirements = pins((ROOT / "requirements.txt").read_text())
    environment = pins((ROOT / "environment.yml").read_text())
    assert len(requirements) >= 10
    assert environment == requirements


def test_constraints_agree_with_requirements():
    requirements = pins((ROOT / "requirements.txt").read_text())
    constraints = {k.lower(): v for k, v in pins((ROOT / "constraints.txt").read_text()).items()}
    for package, version in requirements.items():
        assert constraints.get(package.lower()) == version, package


def test_doctor_knows_the_pinned_versions():
    requirements = pins((ROOT / "requirements.txt").read_text())
    assert {k: requirements[k] for k in PINNED} == PINNED


def test_doctor_reports_a_mismatch(capsys, monkeypatch):
    monkeypatch.setitem(PINNED, "numpy", "0.0.1")
    assert versions.version_mismatches() == ["numpy"]
    nh.doctor()
    out = capsys.readouterr().out
    assert re.search(r"numpy\s+\S+\s+0\.0\.1\s+differs", out)
    assert "make lab" in out


def test_doctor_in_the_pinned_environment(capsys):
    assert versions.version_mismatches() == []
    nh.doctor()
    assert "All good" in capsys.readouterr().out


def test_doctor_reports_the_blas_and_whether_outputs_should_match(capsys):
    nh.doctor()
    out = capsys.readouterr().out
    assert re.search(r"^BLAS: openblas \S+, kernel \S+; NumPy SIMD: \S+$", out, flags=re.M)
    assert "Stored outputs: expected to match" in out


def test_doctor_says_outputs_may_differ_when_versions_or_blas_differ():
    blas = {"library": "openblas", "version": "0.3.31", "kernel": "Haswell"}
    assert "may differ" in versions.outputs_expected_to_match(blas, ["numpy"])
    mkl = {"library": "mkl", "version": "2025.1", "kernel": "skylake-avx512"}
    assert "not tested with mkl" in versions.outputs_expected_to_match(mkl, [])
    assert "not tested with no BLAS" in versions.outputs_expected_to_match(None, [])
    assert "expected to match. CI re-runs" in versions.outputs_expected_to_match(blas, [])


def lowest_supported_python():
    """The oldest Python README promises, from its sentence 'Python X.Y.Z or newer'."""
    found = re.findall(r"Python (\d+\.\d+\.\d+) or newer", (ROOT / "README.md").read_text())
    assert len(found) == 1, (
        f"README.md should say once which Pythons it supports (Python X.Y.Z or newer): {found}"
    )
    return found[0]


def test_pyproject_requires_the_python_readme_promises():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == f">={lowest_supported_python()}"


def test_every_pin_installs_on_the_oldest_supported_python():
    lowest = lowest_supported_python()
    # Only the environment's own site-packages: a package's vendored copies (setuptools/_vendor holds
    # another platformdirs, put on sys.path once setuptools is imported) are not installed pins.
    site_packages = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist
        for dist in metadata.distributions(path=site_packages)
    }
    excluded, not_here = [], []
    for package, version in pins((ROOT / "constraints.txt").read_text()).items():
        dist = installed.get(canonicalize_name(package))
        if dist is None:
            not_here.append(package)
            continue
        assert dist.version == version, (
            f"{package} {dist.version} is installed, constraints.txt pins {version}"
        )
        requires_python = dist.metadata.get("Requires-Python")  # None: any Python
        if requires_python and lowest not in SpecifierSet(requires_python):
            excluded.append(f"{package}=={version} (Requires-Python {requires_python})")
    assert not excluded, (
        f"pins that do not install on Python {lowest}, which README promises: {excluded}"
    )

    # A pin not installed here must be one that only another Python needs (a backport behind a marker).
    requirements = [
        Requirement(line) for dist in installed.values() for line in dist.requires or []
    ]
    for_other_pythons = {
        canonicalize_name(req.name)
        for req in requirements
        if req.marker and "extra" not in str(req.marker) and not req.marker.evaluate()
    }
    unexplained = [
        package for package in not_here if canonicalize_name(package) not in for_other_pythons
    ]
    assert not unexplained, (
        f"pinned in constraints.txt but not installed (run make install): {unexplained}"
    )
