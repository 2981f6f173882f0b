"""The first program inside the grading sandbox (see sandbox.py), before any of the submission runs:

    python inside.py [--tmpfs DIR OPTIONS]... [--copy FROM TO] [--chdir DIR] -- COMMAND...

It mounts each writable place as a tmpfs with OPTIONS (size=..., nr_inodes=...: bubblewrap can cap a
tmpfs's bytes but not how many files it holds), copies the files of folder FROM into a new folder TO,
changes to DIR, and replaces itself with COMMAND (setpriv, which drops every capability, then the
kernel). It runs with CAP_SYS_ADMIN (bwrap --cap-add), only for the mounts; it needs nothing but the
standard library. A full tmpfs, in bytes or in files, raises OSError "No space left on device" in the
cell that wrote.
"""

import ctypes
import os
import shutil
import sys


def mount_tmpfs(target, options):
    libc = ctypes.CDLL(None, use_errno=True)
    flags = ctypes.c_ulong(0)
    if libc.mount(b"tmpfs", target.encode(), b"tmpfs", flags, options.encode()) != 0:
        raise SystemExit(f"inside.py: mount tmpfs {target}: {os.strerror(ctypes.get_errno())}")


def copy_folder(source, target):
    """The files of `source` into a new folder `target`, made with its parent and writable by all (the
    kernel's user, when grading runs as root, is not the one who made them)."""
    os.makedirs(target)
    for folder in (os.path.dirname(target), target):
        os.chmod(folder, 0o777)
    for name in sorted(os.listdir(source)):
        if os.path.isfile(os.path.join(source, name)):
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name))


def main(argv):
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    while options:
        what, *options = options
        if what == "--tmpfs":
            (target, mount_options), options = options[:2], options[2:]
            mount_tmpfs(target, mount_options)
        elif what == "--copy":
            (source, target), options = options[:2], options[2:]
            copy_folder(source, target)
        elif what == "--chdir":
            folder, *options = options
            os.chdir(folder)
        else:
            raise SystemExit(f"inside.py: unknown option {what!r}")
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
