"""Versions: are the installed packages the ones the stored notebook outputs were made with? (nh.doctor())"""
import sys

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
    from importlib import metadata   # here, not at the top: it costs ~80 ms and only doctor() needs it
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def version_mismatches():
    """The pinned packages whose installed version differs (or that are missing), as a list of names."""
    return [package for package, pinned in PINNED.items() if installed_version(package) != pinned]


def doctor():
    """Print a table of installed against pinned versions, and what to do when they differ."""
    print(f"Python {sys.version.split()[0]} (the course is tested on 3.11)")
    print(f"{'package':<12} {'installed':<12} {'pinned':<10} status")
    for package, pinned in PINNED.items():
        found = installed_version(package)
        status = "ok" if found == pinned else ("MISSING" if found is None else "differs")
        print(f"{package:<12} {found or '-':<12} {pinned:<10} {status}")
    mismatched = version_mismatches()
    if mismatched:
        print(f"\n{', '.join(mismatched)} differ from the pinned versions. Numbers and plots may differ "
              "from the stored outputs.\nFix: run `make lab` from the course folder (it installs the pinned "
              "versions into .venv), or `pip install -r requirements.txt`.")
    else:
        print("\nAll good: your versions match the ones the stored outputs were made with.")
