"""Teaching helpers and grader-side fakes for the databases notebook (chapter 08).

    from course.runtime.databases import SSTableDisk, Opener, bloom_false_positive_rate, simulate_lsm

- :class:`SSTableDisk`: the "disk" under a student's LSM store. It keeps immutable sorted runs
  (SSTables), answers point reads, and counts what was written and read, so a test can measure
  write and read amplification from outside the student's code. Under grading it stays in the
  grader's process: student code may only call ``write_run``, ``get``, ``read_run`` and
  ``delete_run``.
- :func:`lsm_bytes` (a probe, run in the student's process): the bytes a store holds after a
  flush, on a disk that keeps nothing there: its filters and bookkeeping, not the runs.
- :class:`Opener`: the ``connect`` callable a connection pool is given: each call "opens" a
  connection (a plain string such as ``"conn-3"``: under grading it crosses to the student's
  process and back as an equal copy, not the same object) and is counted here; ``then(n)``
  may raise, as a connect that fails.
- :func:`bloom_false_positive_rate`: the textbook estimate ``(1 - e^(-k n / m))^k``.
- :func:`simulate_lsm`: flushes and full merges of a simple LSM tree, counted (write
  amplification, runs a read may have to check), for the notebook's slider.
- :data:`SCHEMA`, :data:`QUERIES`: the shop schema and the named queries of the index exercise.

Everything is deterministic: simulations take a seed, nothing reads a clock.
"""
from __future__ import annotations

import bisect
import math
import random
import threading
from dataclasses import dataclass

from .probes import in_student, least_held

SCHEMA = """
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    email       TEXT    NOT NULL,
    country     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    status       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    total_cents  INTEGER NOT NULL
);
"""

QUERIES = {
    "login": "SELECT id FROM customers WHERE email = ?",
    "recent_orders": "SELECT id, status, total_cents FROM orders WHERE customer_id = ? "
                     "ORDER BY created_at DESC LIMIT 20",
    "status_since": "SELECT count(*) FROM orders WHERE status = ? AND created_at >= ?",
    "customer_spend": "SELECT sum(total_cents) FROM orders WHERE customer_id = ? AND created_at >= ?",
}


# -- the LSM store's disk ----------------------------------------------------------------------------
class SSTableDisk:
    """Immutable sorted runs, written whole and read one key at a time; everything counted.

    - ``write_run(items) -> int``: store a run, a list of ``(key, value)`` pairs with ``str``
      keys in strictly increasing order and ``str`` values, or ``None`` for a tombstone; returns
      the new run's id (1, 2, 3, ...: newer runs have larger ids). Anything else raises
      ``ValueError``. ``entries_written`` grows by the run's length.
    - ``get(run_id, key) -> (found, value)``: one read of that run (a binary search, as an
      SSTable's index would do); ``(True, None)`` is a tombstone. ``reads`` grows by one.
    - ``read_run(run_id) -> [(key, value), ...]``: the whole run, in key order (a sequential
      read, for compaction). ``entries_read`` grows by its length.
    - ``delete_run(run_id)``: the run is gone (after a compaction). Unknown ids raise ``KeyError``.

    ``events`` lists ``("write", run_id)`` and ``("delete", run_id)`` in the order they happened.
    """

    __remote_methods__ = ("write_run", "get", "read_run", "delete_run")

    def __init__(self):
        self.runs: dict[int, tuple[tuple[str, ...], tuple]] = {}
        self.next_id = 1
        self.reads = 0
        self.reads_by_run: dict[int, int] = {}
        self.entries_written = 0
        self.entries_read = 0
        self.runs_written = 0
        self.deleted: list[int] = []
        self.events: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def write_run(self, items) -> int:
        if type(items) not in (list, tuple):
            raise ValueError(f"a run is a list of (key, value) pairs, not a {type(items).__name__}")
        keys, values = [], []
        for pair in items:
            if type(pair) not in (list, tuple) or len(pair) != 2:
                raise ValueError(f"every entry of a run is a (key, value) pair, got {pair!r}")
            key, value = pair
            if type(key) is not str or not (value is None or type(value) is str):
                raise ValueError(f"keys are str and values str or None (a tombstone), got {pair!r}")
            if keys and not keys[-1] < key:
                raise ValueError(f"a run's keys must be sorted and unique: {keys[-1]!r} then {key!r}")
            keys.append(key)
            values.append(value)
        with self._lock:
            run_id = self.next_id
            self.next_id += 1
            self.runs[run_id] = (tuple(keys), tuple(values))
            self.entries_written += len(keys)
            self.runs_written += 1
            self.events.append(("write", run_id))
            return run_id

    def get(self, run_id, key):
        with self._lock:
            if run_id not in self.runs:
                raise KeyError(f"no run {run_id!r} on this disk")
            self.reads += 1
            self.reads_by_run[run_id] = self.reads_by_run.get(run_id, 0) + 1
            keys, values = self.runs[run_id]
        i = bisect.bisect_left(keys, key)
        if i < len(keys) and keys[i] == key:
            return (True, values[i])
        return (False, None)

    def read_run(self, run_id) -> list:
        with self._lock:
            if run_id not in self.runs:
                raise KeyError(f"no run {run_id!r} on this disk")
            keys, values = self.runs[run_id]
            self.entries_read += len(keys)
        return list(zip(keys, values))

    def delete_run(self, run_id) -> None:
        with self._lock:
            if run_id not in self.runs:
                raise KeyError(f"no run {run_id!r} on this disk")
            del self.runs[run_id]
            self.deleted.append(run_id)
            self.events.append(("delete", run_id))

    # -- for tests and teaching cells (not callable by student code under grading) -----------------
    def contents(self) -> list[list[tuple[str, str | None]]]:
        """Every live run, newest first, as lists of (key, value) pairs."""
        return [list(zip(*self.runs[i])) if self.runs[i][0] else [] for i in sorted(self.runs, reverse=True)]

    def reset_counts(self) -> None:
        self.reads = 0
        self.reads_by_run = {}

    def __repr__(self) -> str:
        return f"SSTableDisk(runs={sorted(self.runs)}, entries_written={self.entries_written}, reads={self.reads})"


# -- the connection pool's connect ---------------------------------------------------------------------
class Opener:
    """A ``connect()`` for a pool: returns ``"conn-1"``, ``"conn-2"``, ... and counts them.

    ``then(n)``, when given, runs after the n-th open (a test's way to act "while connecting").
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, prefix: str = "conn", then=None):
        self.prefix = prefix
        self.opened: list[str] = []
        self.then = then
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            name = f"{self.prefix}-{len(self.opened) + 1}"
            self.opened.append(name)
        if self.then is not None:
            self.then(len(self.opened))
        return name

    def __repr__(self) -> str:
        return f"Opener(opened={len(self.opened)})"


class ClockedSleep:
    """An injected ``sleep`` that moves a FakeClock instead of sleeping, records each delay, and can
    run ``then(n)`` after the n-th call (release a connection "while the caller waits").

    Raises ``RuntimeError`` past ``limit`` calls, so a waiter that never gives up fails fast. A
    positive sleep too small to change the float clock (1e-13 s at t = 1000) still moves it by
    one step, as a real sleep always takes some time: a wait computed as ``timeout - elapsed``
    cannot spin forever on rounding.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, clock, limit: int = 10_000, then=None):
        self.clock = clock
        self.calls: list[float] = []
        self.limit = limit
        self.then = then

    def __call__(self, seconds) -> None:
        if type(seconds) not in (int, float) or isinstance(seconds, bool):
            raise TypeError(f"sleep() takes seconds as a number, got {seconds!r}")
        self.calls.append(seconds)
        if len(self.calls) > self.limit:
            raise RuntimeError(f"sleep was called more than {self.limit} times: a wait that never ends?")
        if seconds > 0:
            before = self.clock.now
            self.clock.advance(seconds)
            if self.clock.now == before:      # too small to move a float clock at this magnitude:
                self.clock.now = math.nextafter(before, math.inf)   # a real sleep always takes time

        if self.then is not None:
            self.then(len(self.calls))


@in_student
def bloom_bytes(make, capacity: int, fp_rate: float, n_items: int) -> int:
    """Bytes a filter ``make(capacity, fp_rate)`` still holds after ``n_items`` adds (tracemalloc;
    the item strings are made before measuring, so they do not count; the least of two builds,
    see :func:`~course.runtime.probes.least_held`)."""
    items = [f"member-{i}" for i in range(n_items)]

    def build():
        bloom = make(capacity, fp_rate)
        for item in items:
            bloom.add(item)
        return bloom

    return least_held(build)


class _NullDisk:
    """A disk that keeps nothing (ids only): what a store holds in memory is then its own."""

    def __init__(self):
        self.next_id = 1

    def write_run(self, items) -> int:
        self.next_id += 1
        return self.next_id - 1

    def get(self, run_id, key):
        return (False, None)

    def read_run(self, run_id) -> list:
        return []

    def delete_run(self, run_id) -> None:
        return None


@in_student
def lsm_bytes(make, n_keys: int, fp_rate: float) -> int:
    """Bytes a store ``make(disk, memtable_limit=n_keys, fp_rate=fp_rate)`` still holds after ``n_keys``
    puts of distinct keys and a ``flush()``, on a disk that keeps nothing (tracemalloc; the keys
    and the value are made before measuring, so they do not count; the least of two stores, see
    :func:`~course.runtime.probes.least_held`). A store that keeps only run ids and Bloom filters
    holds a few kB; one that keeps a set of the keys, or a copy of the run, holds 100 kB or more
    for 2,000 keys."""
    keys = [f"key-{i:06d}" for i in range(n_keys)]
    value = "v"

    def build():
        store = make(_NullDisk(), memtable_limit=n_keys, fp_rate=fp_rate)
        for key in keys:
            store.put(key, value)
        store.flush()
        return store

    return least_held(build)


# -- numbers for the text ------------------------------------------------------------------------------
def bloom_false_positive_rate(m: int, n: int, k: int) -> float:
    """The classic estimate of a Bloom filter's false-positive rate: ``(1 - e^(-k n / m))^k``."""
    return (1.0 - math.exp(-k * n / m)) ** k


@dataclass
class LSMStats:
    puts: int
    entries_written: int         # by flushes and compactions
    flushes: int
    compactions: int
    mean_runs: float             # runs on disk, averaged over every put: what a read may check
    max_runs: int

    @property
    def write_amplification(self) -> float:
        return self.entries_written / self.puts


def simulate_lsm(puts: int, keys: int, memtable: int, merge_at: int, seed: int = 0) -> LSMStats:
    """Count the work of a simple LSM tree: ``puts`` random keys from ``keys`` distinct ones;
    the memtable flushes a sorted run after ``memtable`` distinct keys; when ``merge_at`` runs
    are on disk they are merged into one (newest wins). Entries, not bytes, are counted."""
    if memtable < 1 or merge_at < 2:
        raise ValueError("memtable >= 1 and merge_at >= 2")
    rng = random.Random(seed)
    table: set[int] = set()
    runs: list[set[int]] = []
    written = flushes = compactions = 0
    run_total = 0
    max_runs = 0
    for _ in range(puts):
        table.add(rng.randrange(keys))
        if len(table) >= memtable:
            runs.append(table)
            written += len(table)
            flushes += 1
            table = set()
            if len(runs) >= merge_at:
                merged = set().union(*runs)
                written += len(merged)
                compactions += 1
                runs = [merged]
        run_total += len(runs)
        max_runs = max(max_runs, len(runs))
    return LSMStats(puts, written, flushes, compactions, run_total / max(puts, 1), max_runs)


def btree_levels(rows: int, fanout: int) -> int:
    """Levels of a B-tree whose pages hold ``fanout`` entries: the smallest L with fanout^L >= rows."""
    levels, reach = 1, fanout
    while reach < rows:
        levels += 1
        reach *= fanout
    return levels
