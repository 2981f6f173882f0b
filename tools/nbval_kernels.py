"""nbval under several OpenBLAS kernels: the stored outputs must hold on every CPU (used by `make nbval-kernels`).

    python tools/nbval_kernels.py [--kernels native,native,Prescott,Haswell,SkylakeX] -- PYTEST ARGS...
    python tools/nbval_kernels.py --kernels forced -- PYTEST ARGS...   (the forced kernels alone)

OpenBLAS picks its compute kernel from the CPU, and each kernel rounds a little differently, so a
notebook that prints a number to too many digits passes on one machine and fails on another. Forcing
the kernel with OPENBLAS_CORETYPE shows, on one machine, what other CPUs would print. NumPy's own loops
(exp, tanh, sums) also pick SIMD code by CPU, so a forced kernel also turns off, with
NPY_DISABLE_CPU_FEATURES, every NumPy target that such a CPU would not have. `native` lets both choose
for this CPU; naming it twice runs the suite twice, and the two runs must give identical results.
A kernel this CPU cannot run (its instructions are missing) is skipped with the reason, and so is a
forced kernel that is what native runs on this CPU (forcing Haswell on a Haswell CPU would repeat the
native run). Every run's pytest outcome per notebook cell is compared; any failure, or any difference
between the native runs, fails the whole command.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

from nnhelpers.versions import CHECKED_KERNELS

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "build" / "nbval-kernels"

# The CPU flags (as /proc/cpuinfo names them) that each forced kernel's code needs.
NEEDS = {
    "Prescott": {"sse3": "pni"},
    "Haswell": {"AVX2": "avx2", "FMA": "fma"},
    "SkylakeX": {
        "AVX-512 F": "avx512f",
        "AVX-512 BW": "avx512bw",
        "AVX-512 DQ": "avx512dq",
        "AVX-512 VL": "avx512vl",
        "AVX-512 CD": "avx512cd",
    },
}
# The newest of NumPy's dispatch targets that a CPU of each kernel's kind has (None: only NumPy's baseline).
NUMPY_TARGET = {"Prescott": None, "Haswell": "X86_V3", "SkylakeX": "X86_V4"}
DEFAULT = ["native", "native", *CHECKED_KERNELS]


def cpu_flags():
    """The CPU's feature flags from /proc/cpuinfo (an empty set where there is no such file)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def why_not(kernel, flags, machine=None):
    """Why this CPU cannot run the forced kernel, or None if it can. machine: platform.machine()'s."""
    if kernel == "native":
        return None
    machine = machine or platform.machine()
    if machine not in ("x86_64", "AMD64"):
        return f"{kernel} is an x86-64 kernel and this CPU is {machine}"
    missing = [name for name, flag in NEEDS[kernel].items() if flag not in flags]
    return f"this CPU lacks {', '.join(missing)}, which {kernel} needs" if missing else None


def numpy_targets_above(kernel):
    """NumPy's dispatch targets (newest last) that a CPU of `kernel`'s kind lacks."""
    from numpy._core._multiarray_umath import __cpu_dispatch__ as targets

    newest = NUMPY_TARGET[kernel]
    return list(targets[targets.index(newest) + 1 :]) if newest in targets else list(targets)


def environment(kernel):
    """os.environ with OpenBLAS forced to `kernel` and NumPy kept to that CPU's SIMD (or both left to
    choose, for native)."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    if kernel != "native":
        env["OPENBLAS_CORETYPE"] = kernel
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(numpy_targets_above(kernel))
    return env


def core_in_use(env):
    """What runs under `env`, e.g. 'openblas 0.3.31 Haswell, numpy X86_V3' (nh.doctor()'s readings)."""
    probe = (
        "from nnhelpers.versions import blas_in_use, numpy_simd\n"
        "blas = blas_in_use() or {'library': 'no BLAS', 'version': '', 'kernel': ''}\n"
        "print(f\"{blas['library']} {blas['version']} {blas['kernel']}, numpy {numpy_simd()}\")"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )  # a failed probe is reported below
    return done.stdout.strip() or f"unknown ({done.stderr.strip().splitlines()[-1:]})"


def same_as_native(kernel, native_core):
    """Why forcing `kernel` would only repeat the native run (on this CPU it is what native picks,
    OpenBLAS's kernel and NumPy's SIMD alike), or None."""
    if kernel == "native":
        return None
    core = core_in_use(environment(kernel))
    if core != native_core:
        return None
    return f"on this CPU {kernel} is what native runs ({core}): its run would repeat native's"


def outcomes(report):
    """{test id: 'passed' | 'failed' | 'skipped'} from a pytest junit XML report."""
    results = {}
    for case in ElementTree.parse(report).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        kinds = {child.tag for child in case}
        results[test_id] = (
            "failed"
            if kinds & {"failure", "error"}
            else "skipped"
            if "skipped" in kinds
            else "passed"
        )
    return results


def run(kernel, index, pytest_args):
    """One nbval run under `kernel`: (outcomes, seconds, core in use)."""
    env = environment(kernel)
    report = REPORTS / f"{index}-{kernel}.xml"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *pytest_args,
        ],
        cwd=REPO,
        env=env,
        check=False,
    )  # failures: in the report
    return outcomes(report), time.perf_counter() - started, core_in_use(env)


def kernel_list(text):
    """The kernels named in --kernels' comma-separated `text`, in order, `forced` standing for
    every checked kernel (nnhelpers.versions.CHECKED_KERNELS)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    return [each for name in names for each in (CHECKED_KERNELS if name == "forced" else [name])]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--kernels",
        default=",".join(DEFAULT),
        help=f"comma-separated: native or any of {sorted(NEEDS)}, or `forced` for "
        f"{','.join(CHECKED_KERNELS)} alone (default: %(default)s)",
    )
    parser.add_argument(
        "pytest_args", nargs="+", help="after --: the nbval pytest command's arguments"
    )
    args = parser.parse_args(argv)
    kernels = kernel_list(args.kernels)
    unknown = [k for k in kernels if k != "native" and k not in NEEDS]
    if unknown:
        parser.error(
            f"--kernels: unknown kernel(s) {unknown}; expected native or one of {sorted(NEEDS)}"
        )
    REPORTS.mkdir(parents=True, exist_ok=True)
    flags = cpu_flags()
    rows, native_runs, failed = [], [], False
    native_core = core_in_use(environment("native"))
    for index, kernel in enumerate(kernels):
        reason = why_not(kernel, flags) or same_as_native(kernel, native_core)
        if reason:
            rows.append((kernel, "-", "skipped: " + reason, ""))
            continue
        results, seconds, core = run(kernel, index, args.pytest_args)
        bad = sorted(test for test, outcome in results.items() if outcome == "failed")
        failed |= bool(bad) or not results
        if kernel == "native":
            native_runs.append(results)
        passed = sum(outcome == "passed" for outcome in results.values())
        verdict = f"{passed} passed, {len(bad)} failed" + (f": {', '.join(bad)}" if bad else "")
        rows.append((kernel, core, verdict, f"{seconds:.0f} s"))
    same = all(run_ == native_runs[0] for run_ in native_runs[1:])
    print("\nnbval under each OpenBLAS kernel")
    print(f"{'kernel':<10} {'in use':<48} {'time':>6}  result")
    for kernel, core, verdict, seconds in rows:
        print(f"{kernel:<10} {core:<48} {seconds:>6}  {verdict}")
    if len(native_runs) > 1:
        print(
            "the native runs gave "
            + ("identical results" if same else "DIFFERENT results (not reproducible)")
        )
    if failed or not same:
        sys.exit(
            "nbval failed under at least one kernel: the stored outputs do not hold on every CPU"
        )
    print("the stored outputs hold under every kernel this CPU can run")


if __name__ == "__main__":
    main()
