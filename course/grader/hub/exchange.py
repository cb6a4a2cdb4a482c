"""nbgrader's submit and collect steps, hardened for a class sharing one exchange (the class hub).

**Submit.** nbgrader makes each submission folder world-writable (0777, "so the instructor can
delete later"), its files world-readable, and relies on nobody finding its name (``inbound`` is not
listable; the name ends with a random string). ``PrivateSubmit`` closes the folder to everyone but
its student and the course's group (``inbound`` is setgid, so a new submission folder is already in
that group): folder 0770. Its files keep nbgrader's 0644 (some are written after the folder has
lost the setgid bit, so they are in the student's group), which is safe because nobody else can
enter the folder. Another student cannot read, change or remove it even knowing its name; the
course account reads it to collect and can remove it.

**Collect.**
nbgrader's exchange names a submission ``<student>+<assignment>+<timestamp>+<random>`` in a folder
every student may write to, and ``collect`` takes each student's latest one. It checks who owns the
folder, but only logs a warning: a student could plant ``classmate+02_caching+2099-...`` and replace
a classmate's graded work. ``OwnerCheckedCollect`` (``c.ExchangeFactory.collect``, nbgrader's
documented exchange plug-in point) keeps only the submissions a student owns: for each student, the
latest folder that student made.
"""
from __future__ import annotations

import glob
import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit


def owner(path: str) -> str:
    try:
        return pwd.getpwuid(os.stat(path).st_uid).pw_name
    except (KeyError, OSError):
        return ""


class OwnerCheckedCollect(ExchangeCollect):
    def init_src(self):
        super().init_src()
        kept = []
        for rec in self.src_records:
            student = rec["username"]
            if owner(os.path.join(self.inbound_path, rec["filename"])) == student:
                kept.append(rec)
                continue
            pattern = os.path.join(self.inbound_path, f"{glob.escape(student)}+{glob.escape(self.coursedir.assignment_id)}+*")
            forged = [p for p in glob.glob(pattern) if owner(p) != student]
            self.log.warning("%s: ignored %d submission(s) in this student's name made by someone else: %s",
                             student, len(forged), ", ".join(f"{os.path.basename(p)} (by {owner(p) or '?'})"
                                                              for p in forged))
            own = [self._path_to_record(p) for p in glob.glob(pattern) if owner(p) == student]
            if own:
                kept.append(self._sort_by_timestamp(own)[0])
        self.src_records = kept


class PrivateSubmit(ExchangeSubmit):
    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        if os.stat(dest).st_gid != os.stat(self.inbound_path).st_gid:
            self.log.warning("%s is not in the course's group: left with nbgrader's permissions", dest)
            return
        os.chmod(dest, 0o770)
