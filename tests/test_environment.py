"""The three places that pin versions agree: requirements.txt, environment.yml, nh.doctor()."""
import re
from pathlib import Path

import nnhelpers as nh
from nnhelpers import versions
from nnhelpers.versions import PINNED

ROOT = Path(__file__).resolve().parent.parent


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
