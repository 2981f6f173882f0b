"""The sandbox each submission's kernel runs in (bubblewrap), and the kernel spec that starts it.

Inside the sandbox the kernel sees only: the system's /usr, the Python installation and the course venv
(read-only), a staged, non-editable copy of nnhelpers at /opt/course (read-only), its own working
directory /home/student (the only writable place besides a small /tmp: each a tmpfs capped in bytes
and in files, so nothing it writes reaches the grading machine's disk or memory beyond the caps, or
stays after it), and the sockets it talks to the grader through; everything else is read-only. No
network (own network namespace; the kernel talks over Unix sockets), its own PID namespace (everything
it starts dies with it), and limits on memory, CPU time, file size and process count. When grading
runs as root, the kernel runs as an unprivileged user of its own (one per grading slot, so two
submissions graded at once cannot signal each other). Each grading run holds a block of those users of
its own (claim_uids), so runs going on at once (two instructors, two test workers) never share one: the
process limit counts every process of a user.

The grader (nbgrader, outside) starts the kernel through the kernel spec written by `Sandbox.prepare`,
whose argv is `python -m tools.grading.kernel SETTINGS {connection_file}`; tools/grading/kernel.py builds
the bubblewrap command from SETTINGS and these functions.
"""

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..course import REPO

KERNEL_NAME = "nn-grading"
HOME = "/home/student"  # the kernel's working directory, inside the sandbox
SOCKETS = "/run/kernel"  # where the kernel's Unix sockets live, inside the sandbox
CONNECTION = "/run/connection.json"
INSIDE = "/run/inside.py"  # tools/grading/inside.py (read-only): caps the files of HOME and /tmp
COURSE = "/opt/course"  # the staged course code, inside the sandbox
FIRST_UID = 61000  # the first grading user when grading as root
MAX_SLOTS = 16  # users in a grading run's block: at most this many submissions graded at once
UID_BLOCKS = 64  # blocks from FIRST_UID: at most this many grading runs at once on one machine
UID_LOCKS = Path("/run/nn-grading-uids")  # root's own (/run is writable by root only)
# What a kernel's working directory may still hold after grading without the sandbox (SANDBOX=off: the
# working directory is a folder on disk); more is removed and reported (tidy).
MAX_KEPT_FILES = 1000
MAX_KEPT_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits (setrlimit; HOME and /tmp are each a tmpfs capped in bytes and in files)."""

    memory: int = 3 * 2**30  # address space, bytes: a 4 GiB array fails with MemoryError
    cpu_seconds: int = 600
    file_size: int = 64 * 2**20
    processes: int = 64  # tasks (processes and threads) of the sandbox user
    tmp_size: int = 64 * 2**20
    tmp_files: int = 10_000
    home_size: int = 128 * 2**20  # the working directory, a tmpfs: a full one raises ENOSPC,
    home_files: int = 10_000  # in bytes or in files (files and folders, the folder itself included)


def bwrap():
    """Path of bubblewrap, or None."""
    return shutil.which("bwrap")


def stage_course(target):
    """Stage what the kernel may import and read at `target` (mounted read-only at /opt/course):
    site/nnhelpers (a copy of the package, not the editable tree), and a matplotlib font cache to seed each
    working directory with (so no kernel spends seconds building it)."""
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        REPO / "nnhelpers",
        target / "site" / "nnhelpers",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        check=True,
        env=dict(os.environ, MPLCONFIGDIR=str(target / "matplotlib")),
    )
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def tidy(home, who="its kernel"):
    """Empty the working directory `home` that `who` (the kernel, the judge run) has left if it holds
    more than MAX_KEPT_FILES files or MAX_KEPT_BYTES bytes (links are counted, never followed);
    returns the problem to report, or []."""
    files = size = 0
    for folder, folders, names in os.walk(home):
        for name in folders + names:
            files += 1
            size += os.lstat(os.path.join(folder, name)).st_size
        if files > MAX_KEPT_FILES or size > MAX_KEPT_BYTES:
            shutil.rmtree(home, ignore_errors=True)
            Path(home).mkdir(exist_ok=True)
            return [
                f"{who} left more than {MAX_KEPT_FILES} files or {MAX_KEPT_BYTES // 2**20} MiB "
                f"in its working directory ({files} files, {size / 2**20:.0f} MiB counted before "
                "stopping); emptied after grading"
            ]
    return []


def kernel_env(home, course, lang=None):
    """The kernel's environment: same in and out of the sandbox, paths as the kernel sees them. lang:
    the grader's language (Sandbox.lang; `make grade LANG=uk`), which the kernel and the judge run
    speak too (self-check outputs, the judge run's own texts); English sets nothing."""
    return {
        "HOME": home,
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "PYTHONPATH": f"{course}/site",
        "PYTHONNOUSERSITE": "1",
        "IPYTHONDIR": f"{home}/.ipython",
        "MPLCONFIGDIR": f"{home}/.config/matplotlib",
        "OPENBLAS_NUM_THREADS": "1",
        "NBGRADER_EXECUTION": "autograde",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        **({"NN_LANG": lang} if lang not in (None, "en") else {}),
    }


def kernel_argv(connection_file, extra):
    """ipykernel, without the working directory on sys.path at start-up (-P: no sitecustomize.py planted
    there runs) and without user site-packages (-s: no .pth hook in ~/.local runs)."""
    return [
        str(Path(sys.prefix) / "bin" / "python"),
        "-P",
        "-s",
        "-m",
        "ipykernel_launcher",
        "-f",
        connection_file,
        "--HistoryManager.hist_file=:memory:",
        *extra,
    ]


def mount_with_parents(path, how="--ro-bind"):
    """bwrap arguments mounting host `path` at the same place, with traversable (0755) parents, so a
    Python under /root stays reachable for an unprivileged user."""
    path = Path(path)
    args = []
    for parent in reversed(path.parents[:-1]):
        args += ["--perms", "0755", "--dir", str(parent)]
    return args + [how, str(path), str(path)]


def system_mounts():
    """/usr and the top-level links or directories into it (bin, lib, ...), and the few /etc files
    a Python process reads."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for name in ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf"):
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


def device_mounts():
    """bwrap arguments for a /dev of the few devices a Python process uses. (bubblewrap's own --dev would
    keep an unprivileged sandbox from remounting its tmpfs, inside.py.)"""
    args = ["--tmpfs", "/dev"]
    for name in ("null", "zero", "full", "random", "urandom", "tty"):
        args += ["--dev-bind", f"/dev/{name}", f"/dev/{name}"]
    for name, target in (("fd", ""), ("stdin", "/0"), ("stdout", "/1"), ("stderr", "/2")):
        args += ["--symlink", f"/proc/self/fd{target}", f"/dev/{name}"]
    return args


def home_mounts(stage, limits):
    """bwrap arguments making the working directory HOME a tmpfs of limits.home_size bytes, writable by
    the kernel's user, with the staged matplotlib font cache in its config folder (read-only files in a
    writable folder: matplotlib reads them and builds nothing). inside.py caps its files."""
    config = f"{HOME}/.config/matplotlib"
    args = ["--perms", "0777", "--size", str(limits.home_size), "--tmpfs", HOME]
    args += ["--perms", "0777", "--dir", f"{HOME}/.config", "--perms", "0777", "--dir", config]
    cache = Path(stage) / "matplotlib"
    for file in sorted(cache.iterdir()) if cache.is_dir() else []:
        if file.is_file():
            args += ["--ro-bind", str(file), f"{config}/{file.name}"]
    return args


def inside_argv(limits):
    """What runs first in the sandbox (tools/grading/inside.py, with CAP_SYS_ADMIN): it caps the files
    of the two tmpfs, HOME and /tmp, which bubblewrap capped in bytes."""
    return [
        str(Path(sys.prefix) / "bin" / "python"),
        "-I",  # isolated, and no site-packages (-S): nothing but inside.py runs with the capability
        "-S",
        INSIDE,
        "--files",
        HOME,
        str(limits.home_files),
        "--files",
        "/tmp",
        str(limits.tmp_files),
        "--",
    ]


def setpriv_argv(uid):
    """setpriv dropping every capability (those inside.py used too), as user `uid` when not None."""
    user = [] if uid is None else [f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
    return [
        "setpriv",
        *user,
        "--inh-caps=-all",
        "--ambient-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ]


def bwrap_argv(settings, connection_fd, extra):
    """The command that runs ipykernel in the sandbox described by `settings` (see Sandbox.prepare);
    the sandbox's connection file is read from `connection_fd`."""
    limits = Limits(**settings["limits"])
    args = [bwrap(), "--die-with-parent", "--hostname", "grading"]
    if settings["uid"] is None:
        args += ["--unshare-all"]  # user namespace too: bubblewrap needs it unprivileged
    else:
        args += [
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
        ]
    args += ["--proc", "/proc", *device_mounts()]
    args += ["--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", "/tmp", *system_mounts()]
    for path in sorted({sys.base_prefix, sys.prefix}):
        if not path.startswith("/usr/"):
            args += mount_with_parents(path)
    for parent in ("/opt", "/home", "/run"):
        args += ["--perms", "0755", "--dir", parent]
    args += [
        "--ro-bind",
        settings["stage"],
        COURSE,
        *home_mounts(settings["stage"], limits),
        "--ro-bind",
        str(Path(__file__).with_name("inside.py")),
        INSIDE,
        "--bind",
        settings["sockets"],
        SOCKETS,
        "--perms",
        "0444",
        "--ro-bind-data",
        str(connection_fd),
        CONNECTION,
        "--remount-ro",  # the sandbox's own root and /dev: writable by an unprivileged sandbox's user
        "/dev",
        "--remount-ro",
        "/",
        "--cap-add",  # for inside.py's remounts; setpriv drops it before the kernel starts
        "CAP_SYS_ADMIN",
        "--chdir",
        HOME,
        "--clearenv",
    ]
    for name, value in kernel_env(HOME, COURSE, settings.get("lang")).items():
        args += ["--setenv", name, value]
    args += ["--", *inside_argv(limits), *setpriv_argv(settings["uid"])]
    return args + kernel_argv(CONNECTION, extra)


def claim_uids(locks=UID_LOCKS):
    """(the first uid of a block of MAX_SLOTS that no other grading run on this machine holds, the
    descriptor of the lock that holds it until it is closed or this process ends)."""
    locks.mkdir(mode=0o700, exist_ok=True)
    owner = os.lstat(locks)
    if not os.path.isdir(locks) or os.path.islink(locks) or owner.st_uid != os.geteuid():
        raise SystemExit(f"{locks} must be a folder of this user's own, not a link")
    for block in range(UID_BLOCKS):
        first = FIRST_UID + block * MAX_SLOTS
        lock = os.open(locks / f"{first}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)
            continue
        return first, lock
    raise SystemExit(f"{UID_BLOCKS} grading runs are going on at once: wait for one to finish")


class Sandbox:
    """Kernels for one grading run: `enabled` False runs them without isolation (SANDBOX=off)."""

    def __init__(self, workspace, enabled, limits=Limits()):
        self.workspace = Path(workspace)
        self.enabled = enabled
        self.limits = limits
        self.stage = stage_course(self.workspace / "stage")
        # The grader's language, when nnhelpers has a catalogue of it (an unknown NN_LANG is English).
        # Chosen here, in the grader: the kernel launcher, which starts every kernel, imports no nnhelpers.
        from nnhelpers.i18n import language

        self.lang = language()
        self.first_uid = self.uid_lock = None
        if enabled and os.geteuid() == 0:
            self.first_uid, self.uid_lock = claim_uids()

    def uid(self, slot):
        """The user grading slot `slot` runs as (None: not root, or no sandbox)."""
        if self.first_uid is None:
            return None
        if not 0 <= slot < MAX_SLOTS:
            raise ValueError(f"slot must be in 0..{MAX_SLOTS - 1}, got {slot}")
        return self.first_uid + slot

    def folder(self, lesson, student):
        """Where one submission is graded: its home, control and judge folders."""
        return self.workspace / lesson / student

    def prepare(self, lesson, student, slot):
        """Fresh directories for one submission; returns (home, control directory, sockets directory,
        nbgrader options, environment for nbgrader).

        home is the kernel's working directory without the sandbox (writable by it; after grading, the
        place to read what the notebook wrote); with the sandbox the kernel works in a tmpfs of its own
        (home_mounts) and home stays empty. control holds the kernel spec, its settings and nbgrader's
        runtime files: none of it is visible to the kernel.
        """
        base = self.folder(lesson, student)
        home, control = base / "home", base / "control"
        for fresh in (home, control / "jupyter", control / "runtime"):
            if fresh.exists():
                shutil.rmtree(fresh)
        if self.enabled:
            home.mkdir(parents=True)
        else:
            shutil.copytree(self.stage / "matplotlib", home / ".config" / "matplotlib")
        spec = control / "jupyter" / "kernels" / KERNEL_NAME
        spec.mkdir(parents=True)
        (control / "runtime").mkdir()  # the logs and notes of an earlier attempt stay beside it
        # Unix socket paths are limited to 108 bytes, so they live in a short directory of their own.
        sockets = Path(tempfile.mkdtemp(prefix="nng-"))
        uid = self.uid(slot)
        if uid is not None:
            for path in [home, *home.rglob("*"), sockets]:
                os.chown(path, uid, uid)
        settings = {
            "sandbox": self.enabled,
            "uid": uid,
            "home": str(home),
            "sockets": str(sockets),
            "stage": str(self.stage),
            "limits": asdict(self.limits),
            "lang": self.lang,
        }
        (control / "settings.json").write_text(json.dumps(settings, indent=1))
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [
                        sys.executable,
                        "-m",
                        "tools.grading.kernel",
                        str(control / "settings.json"),
                        "{connection_file}",
                    ],
                    "display_name": "Python 3 (grading sandbox)"
                    if self.enabled
                    else "Python 3 (grading, no sandbox)",
                    "language": "python",
                    "env": {"PYTHONPATH": str(REPO)},
                },
                indent=1,
            )
        )
        options = [
            f"--Execute.kernel_name={KERNEL_NAME}",
            "--KernelManager.transport=ipc",
            f"--KernelManager.ip={sockets / 'kernel'}",
        ]
        env = {
            "JUPYTER_PATH": str(control / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(control / "runtime"),
        }
        return home, control, sockets, options, env
