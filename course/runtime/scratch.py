"""Where short-lived files go: the exercise databases, the Redis front's socket files.

``/dev/shm`` (memory) when it is there and writable, else the temporary folder; when ``TMPDIR`` is
set, always the temporary folder (whoever set it chose where such files go). What goes there
is small and deleted once unused, and made and removed many times a notebook: in memory, binding a
socket file costs ~16 µs against ~260 µs on this course's CI disk (ext4), and a SQLite database
with its write-ahead log and shared-memory index about half as much as on disk.
"""
from __future__ import annotations

import functools
import os

SHM = "/dev/shm"


@functools.lru_cache(maxsize=None)
def memory_dir() -> str | None:
    """The folder for short-lived files (looked up once); None: the temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    return SHM if os.path.isdir(SHM) and os.access(SHM, os.W_OK | os.X_OK) else None
