"""The instructor's Collect on the hub: a submission counts for the account that handed it in.

nbgrader's exchange names each entry of inbound/ "<student>+<lesson>+<time>+<random>", and the name is
whatever the student typed (`nbgrader submit --student=<classmate>`); its collect only logs "cheating
attempt?" when the owner differs, collects anyway, and follows symbolic links with the instructor's
rights (a link to the instructor's notebook, the gradebook or a classmate's files). OwnedCollect
(hub/roles/instructor/nbgrader_config.py) collects an entry only when it is a real folder owned by the
Unix account it names and holds no link; every other entry is refused, logged as an error and written
to <course root>/collect-refused.csv, which `python -m tools.grading grade` adds to grading-report.csv.
A refused entry never replaces what the named student handed in earlier.
"""

import csv
import glob
import os
import pwd
import shutil
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect, groupby
from nbgrader.utils import ignore_patterns

REFUSED_FILE = "collect-refused.csv"
REFUSED_FIELDS = ["assignment", "student_id", "entry", "reason"]


def owner_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def why_refused(path, student):
    """None if the inbound entry at `path` may be collected for `student`, else why not."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return "the entry is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "the entry is not a folder"
    if owner_name(info.st_uid) != student:
        return f"the entry is owned by {owner_name(info.st_uid)}, not by {student}"
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            inner = os.lstat(os.path.join(folder, name))
            if stat.S_ISLNK(inner.st_mode):
                return f"it holds a symbolic link ({os.path.relpath(os.path.join(folder, name), path)})"
            if owner_name(inner.st_uid) != student:
                return f"{os.path.relpath(os.path.join(folder, name), path)} is owned by {owner_name(inner.st_uid)}"
    return None


class OwnedCollect(ExchangeCollect):
    def init_src(self):
        super().init_src()  # the course's checks and the due date
        student = self.coursedir.student_id or "*"
        pattern = os.path.join(self.inbound_path, f"{student}+{self.coursedir.assignment_id}+*")
        accepted = []
        for record in map(self._path_to_record, glob.glob(pattern)):
            reason = why_refused(
                os.path.join(self.inbound_path, record["filename"]), record["username"]
            )
            if reason:
                self.refuse(record, reason)
            else:
                accepted.append(record)
        self.src_records = []
        for records in groupby(accepted, lambda item: item["username"]).values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                records = [r for r in records if r["timestamp"] <= self.duedate] or records
            self.src_records.append(records[0])

    def refuse(self, record, reason):
        self.log.error(
            "Not collected: %s claims to be from %s, but %s",
            record["filename"],
            record["username"],
            reason,
        )
        path = Path(self.coursedir.root) / REFUSED_FILE
        new = not path.exists()
        with open(path, "a", newline="") as f:
            writer = csv.DictWriter(f, REFUSED_FIELDS)
            if new:
                writer.writeheader()
            writer.writerow(
                {
                    "assignment": self.coursedir.assignment_id,
                    "student_id": record["username"],
                    "entry": record["filename"],
                    "reason": reason,
                }
            )

    def do_copy(self, src, dest, log=None):
        """nbgrader's copy, keeping links as links (copytree would follow them), then refusing any."""
        if self.get_size(src) > 1000 * self.coursedir.max_dir_size:
            raise RuntimeError(
                f"{src} is larger than {self.coursedir.max_dir_size} kB: not collected"
            )
        shutil.copytree(
            src,
            dest,
            symlinks=True,
            ignore=ignore_patterns(
                exclude=self.coursedir.ignore,
                include=self.coursedir.include,
                max_file_size=self.coursedir.max_file_size,
                log=self.log,
            ),
        )
        links = [p for p in Path(dest).rglob("*") if p.is_symlink()]
        if links:
            shutil.rmtree(dest)
            raise RuntimeError(
                f"{src} gained a symbolic link while it was collected: not collected"
            )
