"""The first program inside the grading sandbox (see sandbox.py), before any of the submission runs:

    python inside.py [--files DIR COUNT]... -- COMMAND...

bubblewrap mounts each writable place as a tmpfs capped in bytes (--size) but cannot cap how many files it
holds; this remounts each DIR with nr_inodes=COUNT, then replaces itself with COMMAND (setpriv, which drops
every capability, then the kernel). It runs with CAP_SYS_ADMIN (bwrap --cap-add), only for the remounts,
and needs nothing but the standard library. A full tmpfs, in bytes or in files, raises OSError "No space
left on device" in the cell that wrote.
"""

import ctypes
import os
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32


def cap_files(folder, count):
    """Remount the tmpfs at `folder` with at most `count` files and folders (itself included), keeping its
    size and its nosuid, nodev, noexec and read-only flags (a remount without them would clear them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    kept = os.statvfs(folder).f_flag & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    options = f"nr_inodes={count}".encode()
    if libc.mount(None, folder.encode(), None, MS_REMOUNT | kept, options) != 0:
        raise SystemExit(f"inside.py: remount {folder}: {os.strerror(ctypes.get_errno())}")
    if os.statvfs(folder).f_files != count:
        raise SystemExit(f"inside.py: {folder} still holds {os.statvfs(folder).f_files} files")


def main(argv):
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    while options:
        what, folder, count, *options = options
        if what != "--files":
            raise SystemExit(f"inside.py: unknown option {what!r}")
        cap_files(folder, int(count))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
