"""Teaching helpers for the APIs notebook (15_apis).

**Grader-side fakes** (tests pass them to student code; under grading they stay in the
grader's process and student code may only call the methods they list):

- :class:`BatchSource`: a data source reached by one call per batch of keys (a database
  ``WHERE id IN (...)``, a service's bulk endpoint); it records every batch it was asked for,
  so a test counts the round trips instead of trusting the student's count;
- :class:`GatewayLimiter`: one token bucket per client (the limiter of chapter 04), whose
  ``allow(client)`` answers ``(allowed, retry_after_seconds)``.

**Tools for the notebook and the tests** (deterministic, nothing reads a real clock):

- :data:`ITEMS_SCHEMA`, :func:`seed_items`: the table the pagination exercise pages through;
- :func:`offset_walk`, :func:`keyset_walk`: page through a newest-first list while rows are
  inserted and deleted between page fetches; count duplicates and skipped rows;
- :func:`vm_steps`: SQLite virtual-machine steps one query takes (work counted, not timed);
- :func:`count_queries`: a context manager counting the statements a ``sqlite3`` connection runs;
- :func:`delivery_simulation`: short polling, long polling and SSE delivering the same
  events: requests made and delivery latency;
- :func:`parse_sse`: the client side of Server-Sent Events (the WHATWG parsing algorithm,
  simplified: no ``retry`` handling), used to check what an encoder writes;
- :func:`standard_webhook_signature`: the Standard Webhooks signature, for comparisons.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import math
import random
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

ITEMS_SCHEMA = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX items_newest ON items (created_at DESC, id DESC);
"""


def seed_items(target, n: int, start_id: int = 1, created_at: Callable[[int], int] | None = None) -> None:
    """Insert ``n`` rows into ``items``: ids ``start_id..``, ``created_at(id)`` (default
    ``1_700_000_000 + id // 3``, so every created_at is shared by up to three rows: ties),
    titles ``"item <id>"``. ``target`` is a ``sqlite3`` connection or a
    :class:`course.runtime.sql.Database` (anything with ``executemany``, or ``execute`` taking
    one statement)."""
    when = created_at or (lambda i: 1_700_000_000 + i // 3)
    rows = [(i, when(i), f"item {i}") for i in range(start_id, start_id + n)]
    if hasattr(target, "executemany"):
        target.executemany("INSERT INTO items (id, created_at, title) VALUES (?, ?, ?)", rows)
        if hasattr(target, "commit"):
            target.commit()
    else:
        for i in range(0, len(rows), 300):                 # Database.execute: one statement at a time
            chunk = rows[i:i + 300]
            target.execute("INSERT INTO items (id, created_at, title) VALUES "
                           + ", ".join("(?, ?, ?)" for _ in chunk), [v for row in chunk for v in row])


# -- pagination under concurrent writes ---------------------------------------------------------------
@dataclass
class Walk:
    """The outcome of paging through a list: the ids served, page by page."""
    pages: list[list[int]] = field(default_factory=list)
    duplicates: int = 0          # rows served twice
    skipped: int = 0             # rows present from start to end that were never served

    @property
    def served(self) -> list[int]:
        return [i for page in self.pages for i in page]


def _walk(n: int, page_size: int, inserts: int, deletes: int, offset_paging: bool) -> Walk:
    # rows are ids; a larger id is newer; the list is newest first. Between two page fetches
    # `inserts` new rows arrive at the head and the `deletes` newest rows already served are
    # deleted (a user archives what they just read).
    rows = list(range(n, 0, -1))
    next_id = n + 1
    walk, seen, offset, last = Walk(), set(), 0, None
    original = set(rows)
    deleted: set[int] = set()
    while True:
        if offset_paging:
            page = rows[offset:offset + page_size]
            offset += page_size
        else:
            page = [r for r in rows if last is None or r < last][:page_size]
        if not page:
            break
        walk.pages.append(page)
        walk.duplicates += sum(r in seen for r in page)
        seen.update(page)
        last = page[-1]
        for r in [r for r in rows if r in seen][:deletes]:
            rows.remove(r)
            deleted.add(r)
        rows[:0] = list(range(next_id + inserts - 1, next_id - 1, -1))
        next_id += inserts
        if len(walk.pages) > 10 * (n + 1):
            break
    walk.skipped = len(original - seen - deleted)
    return walk


def offset_walk(n: int, page_size: int, inserts: int = 0, deletes: int = 0) -> Walk:
    """Page through ``n`` rows, newest first, with ``LIMIT page_size OFFSET k * page_size``,
    while ``inserts`` new rows arrive and ``deletes`` already-served rows go between fetches."""
    return _walk(n, page_size, inserts, deletes, offset_paging=True)


def keyset_walk(n: int, page_size: int, inserts: int = 0, deletes: int = 0) -> Walk:
    """The same walk with a keyset cursor: each page continues after the last row served."""
    return _walk(n, page_size, inserts, deletes, offset_paging=False)


def vm_steps(conn: sqlite3.Connection, sql: str, parameters: Sequence = ()) -> int:
    """SQLite virtual-machine instructions executed by one query (all rows fetched).

    Counted with a progress handler called every instruction: a measure of work that does not
    depend on the machine's speed or load."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn.set_progress_handler(count, 1)
    try:
        conn.execute(sql, parameters).fetchall()
    finally:
        conn.set_progress_handler(None, 1)
    return steps


@contextlib.contextmanager
def count_queries(conn: sqlite3.Connection):
    """``with count_queries(conn) as log:`` ... ``len(log)``: the statements run meanwhile."""
    log: list[str] = []
    conn.set_trace_callback(log.append)
    try:
        yield log
    finally:
        conn.set_trace_callback(None)


# -- grader-side fakes ----------------------------------------------------------------------------
class BatchSource:
    """A batch lookup: ``source(keys)`` returns ``[data.get(k) for k in keys]`` and records the call.

    ``batches`` lists every list of keys asked for, in order, so ``len(source.batches)`` is the
    number of round trips. ``fail_next`` makes the next call raise ``ConnectionError`` (the
    error is raised once, then the source works again); ``short`` makes every answer one value
    short and ``long`` one value too many (a broken backend). Under grading it stays in the
    grader's process: student code may only call it.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, data: dict | None = None, fail_next: bool = False, short: bool = False,
                 long: bool = False):
        self.data = dict(data or {})
        self.batches: list[list] = []
        self.fail_next = fail_next
        self.short = short
        self.long = long

    def __call__(self, keys):
        keys = list(keys)
        self.batches.append(keys)
        if self.fail_next:
            self.fail_next = False
            raise ConnectionError(f"the data source is unreachable (batch {keys!r})")
        values = [self.data.get(k) for k in keys]
        if self.long:
            values.append(None)
        return values[:-1] if self.short else values

    @property
    def keys_asked(self) -> list:
        return [k for batch in self.batches for k in batch]


class GatewayLimiter:
    """A token bucket per client (chapter 04): ``allow(client) -> (allowed, retry_after)``.

    Each client starts with ``capacity`` tokens refilling at ``rate`` per second by ``clock``;
    an allowed call takes one token and answers ``(True, 0)``; a refused one takes nothing and
    answers ``(False, seconds)``, the whole seconds (rounded up) until a token is back.
    ``calls`` records the clients asked about, in order. Under grading it stays in the
    grader's process: student code may only call ``allow``.
    """

    __remote_methods__ = ("allow",)

    def __init__(self, capacity: float, rate: float, clock: Callable[[], float]):
        if not capacity > 0 or not rate > 0:
            raise ValueError("capacity and rate must be positive")
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self.buckets: dict[Any, tuple[float, float]] = {}
        self.calls: list = []

    def allow(self, client):
        self.calls.append(client)
        now = self.clock()
        tokens, last = self.buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        if tokens >= 1:
            self.buckets[client] = (tokens - 1, now)
            return True, 0
        self.buckets[client] = (tokens, now)
        return False, max(1, math.ceil((1 - tokens) / self.rate))


# -- push: polling, long polling, SSE -------------------------------------------------------------
@dataclass
class Delivery:
    mode: str
    requests: int                 # HTTP requests (or connections) the client made
    empty: int                    # responses that carried no event
    latencies: list[float]        # per event: delivered at the client minus created

    @property
    def mean_latency(self) -> float:
        return sum(self.latencies) / len(self.latencies) if self.latencies else 0.0

    @property
    def max_latency(self) -> float:
        return max(self.latencies, default=0.0)


def poisson_events(rate: float, duration: float, seed: int = 7) -> list[float]:
    """Event times of a Poisson process of ``rate`` events per second over ``duration`` s."""
    rng, t, out = random.Random(seed), 0.0, []
    while True:
        t += rng.expovariate(rate)
        if t >= duration:
            return out
        out.append(t)


def delivery_simulation(mode: str, events: Sequence[float], duration: float, interval: float = 5.0,
                        timeout: float = 30.0, one_way: float = 0.05) -> Delivery:
    """Deliver ``events`` (times in seconds) to one client by ``mode``:

    - ``"polling"``: a request every ``interval`` seconds; each response carries every event
      the server has when the request arrives (``one_way`` seconds after it was sent);
    - ``"long-polling"``: the server holds each request until an event is there (then answers
      at once) or ``timeout`` passes (an empty answer); the client asks again as soon as an
      answer arrives;
    - ``"sse"``: one connection; each event is written when it happens.

    Latency is from an event's creation to its arrival at the client (network ``one_way`` each
    way; server time ignored). A simplification: no packet loss, no reconnects, one client.
    """
    events = sorted(events)
    if mode == "sse":
        return Delivery(mode, 1, 0, [one_way for _ in events])
    latencies, requests, empty, i = [], 0, 0, 0
    if mode == "polling":
        k = 0
        while k * interval < duration or i < len(events):   # poll on until every event is delivered
            arrive = k * interval + one_way
            requests += 1
            j = i
            while j < len(events) and events[j] <= arrive:
                latencies.append(arrive + one_way - events[j])
                j += 1
            empty += j == i
            i, k = j, k + 1
        return Delivery(mode, requests, empty, latencies)
    if mode == "long-polling":
        sent = 0.0
        while sent < duration:
            requests += 1
            arrive = sent + one_way
            if i < len(events) and events[i] <= arrive + timeout:
                answer = max(arrive, events[i])
                while i < len(events) and events[i] <= answer:
                    latencies.append(answer + one_way - events[i])
                    i += 1
            else:
                answer = arrive + timeout
                empty += 1
            sent = answer + one_way
        return Delivery(mode, requests, empty, latencies)
    raise ValueError(f"unknown mode {mode!r}")


# -- Server-Sent Events, the client side ------------------------------------------------------------
_LINE = re.compile(r"\r\n|\r|\n")


def parse_sse(stream: str) -> list[dict]:
    """Parse an ``text/event-stream`` body as a browser's EventSource does (WHATWG HTML,
    "Server-sent events", parsing an event stream), returning the dispatched events as dicts
    ``{"id": last_event_id, "event": type, "data": data}``.

    Lines end with CRLF, LF or CR; a line ``field: value`` (one leading space of the value is
    dropped); ``data`` lines accumulate joined by ``\\n``; a blank line dispatches the event
    (nothing is dispatched if no data line was seen); ``id`` sets the last event ID (ignored if
    it contains NUL) and it persists across events; ``event`` sets the type (default
    ``"message"``); lines starting with ``:`` are comments. Not modelled: ``retry``, a byte
    order mark, an incomplete last event (dropped, as the spec says).
    """
    events, data, event_type, last_id = [], None, "", ""
    lines = _LINE.split(stream)
    for line in lines[:-1]:                      # the text after the last line break is incomplete
        if line == "":
            if data is not None:
                events.append({"id": last_id, "event": event_type or "message", "data": data})
            data, event_type = None, ""
            continue
        if line.startswith(":"):
            continue
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            data = value if data is None else data + "\n" + value
        elif name == "event":
            event_type = value
        elif name == "id" and "\0" not in value:
            last_id = value
    return events


# -- webhooks ------------------------------------------------------------------------------------
def standard_webhook_signature(secret: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """``"v1," + base64(HMAC-SHA256(secret, f"{msg_id}.{timestamp}." + body))``: the Standard
    Webhooks scheme (standardwebhooks.com), with the secret given as raw bytes."""
    mac = hmac.new(secret, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


def webhook_headers(secret: bytes, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers a Standard Webhooks sender attaches to a delivery."""
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": standard_webhook_signature(secret, msg_id, timestamp, body)}


def retry_schedule(delays: Iterable[float]) -> list[float]:
    """Cumulative times of the attempts of a delivery retried after ``delays`` (first at 0)."""
    out, t = [0.0], 0.0
    for d in delays:
        t += d
        out.append(t)
    return out
