"""Teaching helpers for the caching notebook: a database that counts its queries, and
eviction-policy simulations under a Zipf workload. (The generic probes the tests
use, ``CountingKey``, ``RecordingSleep``, ``limit_round_trips``, live in
``course.runtime.probes``.)

    from course.runtime.caching import FakeDatabase
    from course.runtime.caching import zipf_requests, hit_rate, POLICIES, ttl_cache_stats

    db = FakeDatabase({1: {"name": "Ada"}})
    db.load_user(1)        # {'name': 'Ada'}   (a copy)
    db.queries             # 1

    requests = zipf_requests(n_keys=1000, n_requests=10_000, skew=1.0, seed=0)
    hit_rate("LRU", requests, size=100)

Everything here is deterministic: simulations take a seed, nothing reads a clock.
"""
from __future__ import annotations

import copy
import heapq
import random
import threading
from collections import OrderedDict, defaultdict, deque
from typing import Any, Callable, Hashable, Iterable, Sequence


# -- the database behind the cache ------------------------------------------------------
class FakeDatabase:
    """A stand-in for the database behind a cache: users by id, and a query counter.

    - ``load_user(user_id)`` returns a copy of the user (a dict), or ``None``;
      every call is one query: ``queries`` goes up by one.
    - ``save_user(user_id, user)`` stores a copy; ``writes`` goes up by one.
    - ``on_load(user_id)`` / ``on_save(user_id, user)``, when given, run inside the
      query *before* it reads or writes: "something happens while the database
      is busy" (another server reads, a lock expires, ...).

    Safe to share between threads (servers share one database). Under grading it
    stays in the grader's process: student code may only call the two queries.
    """

    __remote_methods__ = ("load_user", "save_user")

    def __init__(self, users: dict | None = None,
                 on_load: Callable[[Any], None] | None = None,
                 on_save: Callable[[Any, dict], None] | None = None):
        self.users = {k: copy.deepcopy(v) for k, v in (users or {}).items()}
        self.queries = 0
        self.writes = 0
        self.on_load = on_load
        self.on_save = on_save
        self._lock = threading.Lock()

    def load_user(self, user_id):
        with self._lock:
            self.queries += 1
        if self.on_load is not None:
            self.on_load(user_id)
        with self._lock:
            return copy.deepcopy(self.users.get(user_id))

    def save_user(self, user_id, user: dict) -> None:
        with self._lock:
            self.writes += 1
        if self.on_save is not None:
            self.on_save(user_id, user)
        with self._lock:
            self.users[user_id] = copy.deepcopy(user)

    def __repr__(self) -> str:
        return f"FakeDatabase({len(self.users)} users, queries={self.queries}, writes={self.writes})"


# -- workloads ---------------------------------------------------------------------------
def zipf_weights(n_keys: int, skew: float) -> list[float]:
    """Probability of the key of popularity rank k (1-based): proportional to 1 / k**skew."""
    raw = [1.0 / (k ** skew) for k in range(1, n_keys + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def zipf_requests(n_keys: int, n_requests: int, skew: float = 1.0, seed: int = 0,
                  phases: int = 1) -> list[int]:
    """``n_requests`` keys in ``range(n_keys)``, drawn from a Zipf(``skew``) popularity.

    ``phases > 1`` splits the trace into that many equal parts and reshuffles which
    key is popular at the start of each (popularity that drifts: news, trends).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    p = np.array(zipf_weights(n_keys, skew))
    out: list[int] = []
    for phase in range(phases):
        length = n_requests // phases + (1 if phase < n_requests % phases else 0)
        ranking = rng.permutation(n_keys)          # ranking[r] = key of popularity rank r
        out.extend(ranking[rng.choice(n_keys, size=length, p=p)].tolist())
    return out


# -- eviction policies ------------------------------------------------------------------
def _lru(requests: Iterable[Hashable], size: int, seed: int) -> int:
    cache: OrderedDict = OrderedDict()
    hits = 0
    for k in requests:
        if k in cache:
            hits += 1
            cache.move_to_end(k)
        else:
            cache[k] = True
            if len(cache) > size:
                cache.popitem(last=False)
    return hits


def _fifo(requests, size, seed):
    cache: set = set()
    order: deque = deque()
    hits = 0
    for k in requests:
        if k in cache:
            hits += 1
        else:
            cache.add(k)
            order.append(k)
            if len(cache) > size:
                cache.discard(order.popleft())
    return hits


def _random(requests, size, seed):
    rng = random.Random(seed)
    slots: list = []
    where: dict = {}
    hits = 0
    for k in requests:
        if k in where:
            hits += 1
        elif len(slots) < size:
            where[k] = len(slots)
            slots.append(k)
        else:
            i = rng.randrange(size)
            del where[slots[i]]
            slots[i] = k
            where[k] = i
    return hits


def _lfu(requests, size, seed):
    """Evict the key used least often while cached (ties: the least recently used of them)."""
    count: dict = {}
    buckets: defaultdict = defaultdict(OrderedDict)   # count -> keys, least recent first
    low = 0
    hits = 0
    for k in requests:
        if k in count:
            hits += 1
            c = count[k]
            del buckets[c][k]
            if not buckets[c]:
                del buckets[c]
                if low == c:
                    low = c + 1
            count[k] = c + 1
            buckets[c + 1][k] = True
        else:
            if len(count) >= size:
                victim, _ = buckets[low].popitem(last=False)
                if not buckets[low]:
                    del buckets[low]
                del count[victim]
            count[k] = 1
            buckets[1][k] = True
            low = 1
    return hits


def _opt(requests, size, seed):
    """Belady's clairvoyant policy: evict the key whose next use is furthest away."""
    requests = list(requests)
    never = len(requests)
    next_use = [never] * len(requests)
    last: dict = {}
    for i in range(len(requests) - 1, -1, -1):
        next_use[i] = last.get(requests[i], never)
        last[requests[i]] = i
    cached: dict = {}          # key -> its next use
    heap: list = []            # (-next use, key), stale entries skipped
    hits = 0
    for i, k in enumerate(requests):
        if k in cached:
            hits += 1
        elif len(cached) >= size:
            while True:
                neg, victim = heapq.heappop(heap)
                if cached.get(victim) == -neg:
                    del cached[victim]
                    break
        cached[k] = next_use[i]
        heapq.heappush(heap, (-next_use[i], k))
    return hits


POLICIES: dict[str, Callable[[Sequence, int, int], int]] = {
    "LRU": _lru, "LFU": _lfu, "FIFO": _fifo, "Random": _random, "OPT (Belady)": _opt,
}


def hit_rate(policy: str, requests: Sequence[Hashable], size: int, seed: int = 0) -> float:
    """Fraction of ``requests`` served from a cache of ``size`` entries under ``policy``
    (a key of :data:`POLICIES`). The cache starts empty: cold misses count."""
    if size <= 0:
        return 0.0
    return POLICIES[policy](requests, size, seed) / max(1, len(requests))


def ttl_cache_stats(requests: Sequence[Hashable], ttl: int) -> tuple[float, float]:
    """A cache with no size limit whose entries expire ``ttl`` requests after they were
    filled (a hit does not extend them, as with ``SET ... EX``). One request per time step.

    Returns ``(hit rate, average number of live entries)``.
    """
    expires: dict = {}
    hits = fills = 0
    live_time = 0
    n = len(requests)
    for t, k in enumerate(requests):
        if expires.get(k, -1) > t:
            hits += 1
        else:
            fills += 1
            expires[k] = t + ttl
            live_time += min(ttl, n - t)   # clipped at the end of the trace
    return hits / max(1, n), live_time / max(1, n)


# -- the chapter's figures ---------------------------------------------------------------
def plain_log_axis(axis, ticks: Sequence[float] | None = None) -> None:
    """Label a log-scale axis (``ax.xaxis`` or ``ax.yaxis``) with plain numbers (1, 10, 1,000,
    0.5) instead of powers of ten; ``ticks``: put the major ticks exactly there (e.g. the values
    the markers sit at). Minor ticks keep their marks but lose their labels."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    def plain(value, _pos=None):
        if value >= 1 and float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:g}"

    if ticks is not None:
        axis.set_major_locator(FixedLocator(list(ticks)))
    axis.set_major_formatter(FuncFormatter(plain))
    axis.set_minor_formatter(NullFormatter())


def mark_points(ax, points: Sequence[tuple[float, float]], labels: Sequence[str],
                offsets: Sequence[tuple[float, float]] | None = None) -> list:
    """A marker at each ``(x, y)`` of ``points`` and its label, with an arrow from the label to
    that very marker: markers and arrows come from the same numbers, so a label cannot drift onto
    its neighbour. ``offsets``: where each label ends (it is right-aligned), in points from its
    marker; by default well above it, each one 40 points higher than the one before, so labels
    of neighbouring markers never overlap and stay clear of a falling curve through them.
    Returns the annotations."""
    offsets = offsets or [(10 - 10 * i, 50 + 40 * i) for i in range(len(points))]
    notes = []
    for (x, y), text, offset in zip(points, labels, offsets):
        line, = ax.plot([x], [y], "o")
        notes.append(ax.annotate(text, xy=(x, y), xytext=offset, textcoords="offset points",
                                 ha="right", color=line.get_color(),
                                 arrowprops={"arrowstyle": "->", "color": line.get_color()}))
    return notes


# -- counting the slots a dict walks to find its oldest key ----------------------------------
def _dict_layout_supported() -> bool:
    import sys

    if sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 13):
        return False
    if hasattr(sys, "getobjects"):                        # a Py_TRACE_REFS build: other offsets
        return False
    gil = getattr(sys, "_is_gil_enabled", None)           # the free-threaded build: other layout
    return gil is None or gil()


DICT_LAYOUT_SUPPORTED = _dict_layout_supported()


def dict_holes(d: dict) -> int:
    """Deleted entries still in a dict's entries array: ``dk_nentries - ma_used``.

    CPython's compact dict (3.6+, ``Objects/dictobject.c``) appends every insert to an
    entries array and leaves a hole (a NULL value) where a key was deleted; holes go
    away only when the dict is resized. ``next(iter(d))`` starts at entry 0 and walks
    over every hole before the first live entry. When deletions are always of the
    oldest key (an LRU-style eviction), every hole is at the front, so this number is
    exactly how many slots ``next(iter(d))`` skips.

    Reads two counters of the real dict with ctypes (read-only), for CPython
    3.11-3.13 (default build), whose layout is: PyDictObject = {refcnt, type,
    ma_used, ma_version_tag, ma_keys, ...}; PyDictKeysObject = {dk_refcnt,
    dk_log2_size, dk_log2_index_bytes, dk_kind, dk_version, dk_usable, dk_nentries, ...}.
    Raises RuntimeError elsewhere.
    """
    import ctypes

    if not DICT_LAYOUT_SUPPORTED or type(d) is not dict:
        raise RuntimeError("dict_holes needs a plain dict on CPython 3.11-3.13")
    ssize = ctypes.c_ssize_t
    base = id(d)
    used = ssize.from_address(base + 16).value            # ma_used
    if used != len(d):                                     # the layout is not what we think
        raise RuntimeError("unexpected dict layout")
    keys = ctypes.c_void_p.from_address(base + 32).value  # ma_keys
    nentries = ssize.from_address(keys + 24).value        # dk_nentries
    return nentries - used


def eviction_walk(container: type, size: int, ops: int | None = None) -> dict:
    """Count the work of ``ops`` rounds of "evict the oldest key, insert a new one" on a full
    ``dict`` or ``OrderedDict`` of ``size`` keys (ints); ``ops`` defaults to ``3 * size``,
    enough to span several of the dict's resizes. No timing.

    - dict: the oldest key is ``next(iter(d))``, which walks the holes at the front
      (counted with :func:`dict_holes` before each eviction) plus the live entry it returns.
      The count does not call ``next(iter(d))`` itself (that walk is the cost being
      counted: at 100,000 keys it would take minutes); it pops the oldest key, which it
      knows, leaving the dict exactly as ``d.pop(next(iter(d)))`` would;
    - OrderedDict: ``popitem(last=False)`` unlinks the head of its own doubly linked
      list (``Objects/odictobject.c``): one node, whatever the size.

    Returns {"average": slots per eviction, "max": the most in one eviction}.
    """
    from collections import OrderedDict as _OD

    d = container((i, i) for i in range(size))
    ops = 3 * size if ops is None else ops
    walked = []
    for i in range(size, size + ops):
        if container is dict:
            # next(iter(d)) would walk the holes, then return key i - size (the oldest):
            # count that walk, and pop the key directly so this count itself stays cheap
            walked.append(dict_holes(d) + 1)
            d.pop(i - size)
        else:
            walked.append(1)
            d.popitem(last=False)
        d[i] = i
    return {"average": sum(walked) / len(walked), "max": max(walked)}
