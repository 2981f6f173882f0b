"""tools/nbval_kernels.py: which kernels a CPU can run, and a run that fails under one kernel fails the whole."""

import importlib.util
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("nbval_kernels", ROOT / "tools" / "nbval_kernels.py")
nbval_kernels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nbval_kernels)


def test_a_kernel_whose_instructions_are_missing_is_skipped_with_the_reason():
    haswell_cpu = {"pni", "avx", "avx2", "fma"}
    assert nbval_kernels.why_not("Haswell", haswell_cpu, machine="x86_64") is None
    assert nbval_kernels.why_not("Prescott", haswell_cpu, machine="x86_64") is None
    reason = nbval_kernels.why_not("SkylakeX", haswell_cpu, machine="x86_64")
    assert reason.startswith("this CPU lacks AVX-512 F, AVX-512 BW") and reason.endswith(
        "which SkylakeX needs"
    )
    assert nbval_kernels.why_not("Haswell", set(), machine="aarch64") == (
        "Haswell is an x86-64 kernel and this CPU is aarch64"
    )
    assert nbval_kernels.why_not("native", set(), machine="aarch64") is None


def test_forced_names_the_checked_kernels_alone():
    assert nbval_kernels.kernel_list("forced") == ["Prescott", "Haswell", "SkylakeX"]
    assert nbval_kernels.kernel_list(" native, forced,native") == [
        "native",
        "Prescott",
        "Haswell",
        "SkylakeX",
        "native",
    ]


def test_a_forced_kernel_also_keeps_numpy_to_that_cpus_simd(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Zen")
    native = nbval_kernels.environment("native")
    assert "OPENBLAS_CORETYPE" not in native and "NPY_DISABLE_CPU_FEATURES" not in native
    prescott, haswell = nbval_kernels.environment("Prescott"), nbval_kernels.environment("Haswell")
    assert prescott["OPENBLAS_CORETYPE"] == "Prescott" and haswell["OPENBLAS_CORETYPE"] == "Haswell"
    assert "X86_V3" in prescott["NPY_DISABLE_CPU_FEATURES"].split()
    assert "X86_V3" not in haswell["NPY_DISABLE_CPU_FEATURES"].split()
    assert "X86_V4" in haswell["NPY_DISABLE_CPU_FEATURES"].split()


def test_a_forced_kernel_that_is_what_native_runs_is_skipped_with_the_reason(monkeypatch):
    def core(env):
        forced = env.get("OPENBLAS_CORETYPE")
        return f"openblas 0.3 {'Katmai' if forced == 'Prescott' else 'Haswell'}, numpy X86_V3"

    monkeypatch.setattr(nbval_kernels, "core_in_use", core)
    native = core({})
    assert nbval_kernels.same_as_native("native", native) is None
    assert nbval_kernels.same_as_native("Prescott", native) is None
    assert nbval_kernels.same_as_native("Haswell", native) == (
        "on this CPU Haswell is what native runs (openblas 0.3 Haswell, numpy X86_V3): "
        "its run would repeat native's"
    )


@pytest.mark.skipif(platform.machine() != "x86_64", reason="forces the x86-64 kernel Prescott")
def test_a_failure_under_one_kernel_fails_the_run(tmp_path):
    # A stand-in for a notebook whose output depends on the kernel: it fails only under Prescott.
    (tmp_path / "test_kernel_sensitive.py").write_text(
        "import os\n\ndef test_output():\n    assert os.environ.get('OPENBLAS_CORETYPE') != 'Prescott'\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "nbval_kernels.py"),
            "--kernels",
            "native,native,Prescott",
            "--",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode != 0
    table = done.stdout[done.stdout.index("nbval under each OpenBLAS kernel") :]
    assert "native" in table and "1 passed, 0 failed" in table
    # The test id names the file from pytest's root folder, which depends on where tmp_path is.
    assert re.search(
        r"^Prescott .* 0 passed, 1 failed: \S*test_kernel_sensitive::test_output$",
        table,
        re.MULTILINE,
    )
    assert "the native runs gave identical results" in table
    assert "do not hold on every CPU" in done.stderr
