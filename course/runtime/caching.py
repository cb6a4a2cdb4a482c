"""Teaching helpers for the caching notebook: a database that counts its queries,
keys that count how often they are hashed and compared (O(1) checked without a
stopwatch), eviction-policy simulations under a Zipf workload, and two guards
that keep forced Redis races bounded (``RecordingSleep``, ``limit_round_trips``).

    from course.runtime.caching import FakeDatabase, CountingKey, work_per_call
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
import gc
import heapq
import random
import sys
import threading
from collections import OrderedDict, defaultdict, deque
from dataclasses import dataclass
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


# -- measuring "O(1)" without a stopwatch -------------------------------------------------
class CountingKey:
    """A key that counts every ``hash()`` and ``==`` Python runs on it.

    A dict lookup hashes the key once and compares it with the few keys that
    share its hash; a scan of a list compares it with every element it passes.
    Counting these calls tells the two apart on any machine, loaded or not.
    Two keys are equal when their numbers are equal.
    """

    __slots__ = ("n",)
    hashes = 0
    compares = 0

    def __init__(self, n: int):
        self.n = n

    def __hash__(self) -> int:
        CountingKey.hashes += 1
        return hash(self.n)

    def __eq__(self, other) -> bool:
        CountingKey.compares += 1
        return isinstance(other, CountingKey) and self.n == other.n

    def __repr__(self) -> str:
        return f"K{self.n}"

    @classmethod
    def reset(cls) -> None:
        cls.hashes = cls.compares = 0


@dataclass
class Work:
    """Average work per call: key hashes + comparisons, and Python steps (calls and lines)."""
    key_ops: float
    python_steps: float

    def __str__(self) -> str:
        return f"{self.key_ops:.1f} key hash/eq calls and {self.python_steps:.1f} Python steps per call"


def work_per_call(fn: Callable[[Any], Any], args: Sequence[Any]) -> Work:
    """Call ``fn(a)`` for each ``a`` in ``args``; return the average work per call.

    Python steps are the ``call`` and ``line`` events of ``sys.settrace``: a loop
    written in Python, or a ``min(..., key=lambda ...)``, shows up as steps that
    grow with the data it walks.
    """
    steps = 0

    def tracer(frame, event, arg):
        nonlocal steps
        if event in ("call", "line"):
            steps += 1
        return tracer

    previous = sys.gettrace()
    gc_was_enabled = gc.isenabled()
    gc.disable()              # no collector callbacks counted as the cache's work
    CountingKey.reset()
    sys.settrace(tracer)
    try:
        for a in args:
            fn(a)
    finally:
        sys.settrace(previous)
        if gc_was_enabled:
            gc.enable()
    n = max(1, len(args))
    return Work((CountingKey.hashes + CountingKey.compares) / n, steps / n)


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


# -- keeping races deterministic and bounded --------------------------------------------
class RecordingSleep:
    """An injected ``sleep`` that never sleeps.

    It records every delay it is asked for (``calls``), runs ``then(n)`` after the
    n-th call if given (so a demo or test can change the world "while you wait"),
    and raises ``RuntimeError`` past ``limit`` calls, so a waiter whose lock is
    never released fails quickly instead of waiting forever.
    """

    def __init__(self, limit: int = 1000, then: Callable[[int], None] | None = None):
        self.calls: list[float] = []
        self.limit = limit
        self.then = then

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if len(self.calls) > self.limit:
            raise RuntimeError(f"sleep was called more than {self.limit} times: "
                               f"still waiting for a lock that is never released?")
        if self.then is not None:
            self.then(len(self.calls))


def limit_round_trips(client, limit: int = 1000):
    """Make ``client`` raise ``RuntimeError`` after ``limit`` commands (pipelines not counted).

    A loop that polls Redis without end then fails fast instead of spinning forever.
    Returns the same client.
    """
    original = client.execute_command
    sent = 0

    def execute_command(*args, **kwargs):
        nonlocal sent
        sent += 1
        if sent > limit:
            raise RuntimeError(f"more than {limit} commands sent to Redis: a loop that never ends?")
        return original(*args, **kwargs)

    client.execute_command = execute_command
    return client
