"""Versions: are the installed packages the ones the stored notebook outputs were made with? (nh.doctor())"""

import sys

from .i18n import _

# The versions in requirements.txt (a test keeps the two in step).
PINNED = {
    "numpy": "2.4.6",
    "matplotlib": "3.11.2",
    "ipywidgets": "8.1.9",
    "jupyterlab": "4.6.6",
    "nbval": "0.11.0",
    "nbgrader": "0.9.6",
}


def installed_version(package):
    """The installed version of `package`, or None when it is not installed."""
    from importlib import (
        metadata,
    )  # here, not at the top: it costs ~80 ms and only doctor() needs it

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def version_mismatches():
    """The pinned packages whose installed version differs (or that are missing), as a list of names."""
    return [package for package, pinned in PINNED.items() if installed_version(package) != pinned]


# The OpenBLAS kernels CI re-runs every notebook under (tools/nbval_kernels.py), besides the machine's own.
CHECKED_KERNELS = ("Prescott", "Haswell", "SkylakeX")


def blas_in_use():
    """The BLAS library NumPy computes with: a dict with 'library' (e.g. 'openblas'), 'version' and
    'kernel' (the code path it picked for this CPU, e.g. 'Haswell'), read with threadpoolctl;
    None where NumPy reports no BLAS."""
    import threadpoolctl  # here, not at the top: only doctor() needs it

    for info in threadpoolctl.threadpool_info():
        if info.get("user_api") == "blas":
            return {
                "library": info.get("internal_api"),
                "version": info.get("version"),
                "kernel": info.get("architecture"),
            }
    return None


def numpy_simd():
    """The newest SIMD target NumPy's own loops (exp, tanh, sums) run with on this CPU, e.g. 'X86_V3'."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return (
        [target for target in __cpu_dispatch__ if __cpu_features__.get(target)] or ["baseline"]
    )[-1]


def outputs_expected_to_match(blas, mismatched):
    """One sentence: should this machine print the numbers stored in the notebooks?"""
    if mismatched:
        return _(
            "Stored outputs: may differ here, because the package versions differ (see above)."
        )
    if blas is None or blas["library"] != "openblas":
        library = _("no BLAS") if blas is None else blas["library"]
        return _(
            "Stored outputs: expected to match, but not tested with {library}: CI checks them with "
            "OpenBLAS only."
        ).format(library=library)
    return _(
        "Stored outputs: expected to match. CI re-runs every notebook under the OpenBLAS kernels "
        "{kernels}\nand its own, and the lessons print their numbers rounded so that "
        "every kernel agrees."
    ).format(kernels=", ".join(CHECKED_KERNELS))


def doctor():
    """Print the Python, a table of installed against pinned versions, the BLAS in use, and whether the
    stored outputs should match here; say what to do when they should not."""
    print(
        _("Python {version} (the course supports Python 3.11.2 or newer)").format(
            version=sys.version.split()[0]
        )
    )
    package_, installed, pinned_, status = _("package"), _("installed"), _("pinned"), _("status")
    print(f"{package_:<12} {installed:<12} {pinned_:<10} {status}")
    for package, pinned in PINNED.items():
        found = installed_version(package)
        status = _("ok") if found == pinned else (_("MISSING") if found is None else _("differs"))
        print(f"{package:<12} {found or '-':<12} {pinned:<10} {status}")
    mismatched = version_mismatches()
    if mismatched:
        print(
            "\n"
            + _(
                "{packages} differ from the pinned versions. Numbers and plots may differ "
                "from the stored outputs.\nFix: run `make lab` from the course folder (it installs the "
                "pinned versions into .venv), or `pip install -r requirements.txt`."
            ).format(packages=", ".join(mismatched))
        )
    else:
        print("\n" + _("All good: your versions match the ones the stored outputs were made with."))
    blas = blas_in_use()
    if blas is None:
        print(_("BLAS: none reported by NumPy"))
    else:
        print(
            _("BLAS: {library} {version}, kernel {kernel}; NumPy SIMD: {simd}").format(
                library=blas["library"],
                version=blas["version"],
                kernel=blas["kernel"],
                simd=numpy_simd(),
            )
        )
    print(outputs_expected_to_match(blas, mismatched))
