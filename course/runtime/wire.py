"""The only thing that crosses between a student's process and the grader: plain data.

Both sides use this codec. A message is a JSON object sent as one frame (4-byte
big-endian length, then UTF-8 JSON). Values inside it are encoded so that their
exact type survives the trip:

- ``None``, ``bool``, ``int``, ``float`` (``nan`` and ``inf`` included), ``str``
  and ``list`` are JSON's own;
- ``tuple``, ``dict`` (any keys), ``bytes``, ``set``, ``frozenset`` and named
  tuples are tagged objects ``{"~": tag, ...}``;
- anything else is a *reference*, never a copy: an object of the student's
  (``{"~": "r", ...}``: the grader sees an opaque proxy), or an object of the
  grader's that student code may call back (``{"~": "g", ...}``).

Types are exact: a subclass of ``int`` (``numpy.int64``, an ``IntEnum``, a
class with an ``__eq__`` that says yes to everything) is not an ``int`` and
crosses as a reference. Decoding accepts nothing but these shapes, within a
depth and a size limit, so what arrives is inert data whatever the sender did.
"""
from __future__ import annotations

import base64
import json
import struct
from typing import Any, Callable


def readable(sock, timeout: float | None) -> bool:
    """Whether ``sock`` has data (or end of stream) within ``timeout`` seconds (None: wait).

    ``select.poll`` rather than ``select.select``: ``select`` refuses any file descriptor
    above 1023, and a long-running grader process (a test worker grading thousands of
    submissions) can hold that many."""
    import select

    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(None if timeout is None else max(0, int(timeout * 1000 + 0.999))))

MAX_FRAME = 64 * 1024 * 1024   # bytes per message
MAX_DEPTH = 200                # nesting of lists, dicts, tuples
TAG = "~"

PLAIN_SCALARS = (type(None), bool, int, float, str)
_PLAIN_SET = frozenset(PLAIN_SCALARS)


def _scalars(items, depth: int) -> bool:
    """Whether every item is a plain scalar (checked in C): such a list or tuple crosses as it is."""
    return depth < MAX_DEPTH and _PLAIN_SET.issuperset(map(type, items))


class WireError(Exception):
    """A message that breaks the protocol (too big, too deep, an unknown shape)."""


def namedtuple_fields(value: Any) -> tuple[str, ...] | None:
    """The field names if ``value`` is a named tuple made by ``collections.namedtuple``/``typing.NamedTuple``."""
    fields = getattr(type(value), "_fields", None)
    if isinstance(value, tuple) and type(value) is not tuple and isinstance(fields, tuple) \
            and len(fields) == len(value) and all(type(f) is str for f in fields):
        return fields
    return None


def encode(value: Any, ref: Callable[[Any], dict], depth: int = 0) -> Any:
    """``value`` as a JSON-able tree; ``ref(obj)`` encodes what is not plain data."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if kind in PLAIN_SCALARS:
        return value
    if kind is list:
        items = list(value)                 # (copied first: what is checked is what is sent)
        return items if _scalars(items, depth) else [encode(v, ref, depth + 1) for v in items]
    if kind is tuple:
        if _scalars(value, depth):
            return {TAG: "t", "v": list(value)}
        return {TAG: "t", "v": [encode(v, ref, depth + 1) for v in value]}
    if kind is dict:
        return {TAG: "d", "v": [[encode(k, ref, depth + 1), encode(v, ref, depth + 1)] for k, v in value.items()]}
    if kind is bytes:
        return {TAG: "b", "v": base64.b64encode(value).decode("ascii")}
    if kind is set or kind is frozenset:
        return {TAG: "s" if kind is set else "fs", "v": [encode(v, ref, depth + 1) for v in value]}
    fields = namedtuple_fields(value)
    if fields is not None:
        return {TAG: "nt", "n": kind.__name__, "f": list(fields), "v": [encode(v, ref, depth + 1) for v in value]}
    return ref(value)


_NAMEDTUPLES: dict[tuple[str, tuple[str, ...]], type] = {}


def _namedtuple_type(name: str, fields: tuple[str, ...]) -> type:
    from collections import namedtuple

    key = (name, fields)
    if key not in _NAMEDTUPLES:
        safe = name if name.isidentifier() else "NamedTuple"
        _NAMEDTUPLES[key] = namedtuple(safe, fields, rename=True)
    return _NAMEDTUPLES[key]


def decode(tree: Any, resolve: Callable[[dict], Any], depth: int = 0) -> Any:
    """The value ``tree`` encodes; ``resolve(tag)`` turns a reference into an object."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
    kind = type(tree)
    if kind in PLAIN_SCALARS:
        return tree
    if kind is list:
        if _scalars(tree, depth):
            return list(tree)
        return [decode(v, resolve, depth + 1) for v in tree]
    if kind is not dict or type(tree.get(TAG)) is not str:
        raise WireError(f"not a value of the protocol: {type(tree).__name__}")
    tag = tree[TAG]
    items = tree.get("v")
    if tag in ("t", "s", "fs", "nt", "d") and type(items) is not list:
        raise WireError(f"malformed {tag!r} value")
    if tag == "t":
        if _scalars(items, depth):
            return tuple(items)
        return tuple(decode(v, resolve, depth + 1) for v in items)
    if tag == "d":
        out = {}
        for pair in items:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed dict item")
            out[decode(pair[0], resolve, depth + 1)] = decode(pair[1], resolve, depth + 1)
        return out
    if tag == "b":
        if type(items) is not str:
            raise WireError("malformed bytes")
        return base64.b64decode(items.encode("ascii"), validate=True)
    if tag == "s":
        return {decode(v, resolve, depth + 1) for v in items}
    if tag == "fs":
        return frozenset(decode(v, resolve, depth + 1) for v in items)
    if tag == "nt":
        name, fields = tree.get("n"), tree.get("f")
        if type(name) is not str or type(fields) is not list or not all(type(f) is str for f in fields) \
                or len(fields) != len(items):
            raise WireError("malformed named tuple")
        return _namedtuple_type(name, tuple(fields))(*(decode(v, resolve, depth + 1) for v in items))
    return resolve(tree)


# -- framing -------------------------------------------------------------------------------
def dumps(message: dict) -> bytes:
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    if len(body) > MAX_FRAME:
        raise WireError(f"a message of {len(body):,} bytes (the limit is {MAX_FRAME:,})")
    return struct.pack(">I", len(body)) + body


def loads(body: bytes) -> dict:
    try:
        message = json.loads(body.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"unreadable message: {exc}") from None
    if type(message) is not dict:
        raise WireError("a message must be a JSON object")
    return message


class Mailbox:
    """Messages of one channel, sorted by *strand* (``message["s"]``), without a reader thread.

    Whoever waits for a message reads the socket itself if nobody else is
    reading (leader), and hands on what is not its own to the strands' queues
    (followers wait on those). One thread switch fewer per round trip than a
    reader thread: a call and its callback cost ~50 µs, not ~250 µs.

    ``on_stray(message)`` receives messages for a strand nobody waits on (a new
    strand, or a message that needs no reply); it must not block. ``on_receive(message)``,
    if given, sees every message as it is read, in the order the other end sent them.

    An *idle* waiter (``get(..., idle=True)``: a thread waiting for work that may never come)
    reads only while nobody else waits, one slice of :attr:`IDLE_SLICE` seconds at a time, and
    is never woken to take over. Otherwise it would stand between a busy thread and that
    thread's replies: every message read by one thread and handed to another, two thread
    switches per round trip instead of one (measured: a third of a chapter-12 grading).
    """

    WAKE = {"op": "__wake__"}
    IDLE_SLICE = 0.02

    def __init__(self, channel: "Channel", on_stray, on_receive=None):
        import threading

        self.channel = channel
        self.on_stray = on_stray
        self.on_receive = on_receive
        self.read_lock = threading.Lock()
        self.lock = threading.Lock()
        self.queues: dict = {}
        self.waiting: set[int] = set()
        self.closed = False

    def queue(self, strand: int):
        import queue

        with self.lock:
            q = self.queues.get(strand)
            if q is None:
                q = self.queues[strand] = queue.SimpleQueue()
            return q

    def _route(self, message: dict | None) -> None:
        if message is None:
            self.closed = True
            with self.lock:
                queues = list(self.queues.values())
            for q in queues:
                q.put(None)
            return
        strand = message.get("s")
        with self.lock:                  # under the lock: a strand cannot retire between get and put
            q = self.queues.get(strand) if type(strand) is int else None
            if q is not None:
                q.put(message)
        if q is None:
            self.on_stray(message)

    def get(self, strand: int, deadline: float | None = None, idle: bool = False) -> dict | None:
        """The next message for ``strand``; None once the channel is closed; TimeoutError at ``deadline``.
        ``idle``: the caller waits for work, not for a reply (see the class docstring)."""
        import queue as queue_module
        import time

        q = self.queue(strand)
        while True:
            try:
                message = q.get_nowait()
                if message is not self.WAKE:
                    return message
                continue
            except queue_module.Empty:
                pass
            if self.closed:
                return None
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise TimeoutError()
            if idle:
                with self.lock:
                    others = bool(self.waiting)
                if others or not self.read_lock.acquire(blocking=False):
                    try:
                        message = q.get(timeout=self.IDLE_SLICE if remaining is None
                                        else min(remaining, self.IDLE_SLICE))
                    except queue_module.Empty:
                        continue
                    if message is self.WAKE:
                        continue
                    return message
                slice_end = time.monotonic() + self.IDLE_SLICE
                try:
                    message = self._lead(strand, q, slice_end if deadline is None else min(deadline, slice_end))
                except TimeoutError:        # a quiet slice: look again
                    message = None
                if message is not None:
                    return message
                continue
            with self.lock:                         # announce ourselves before trying to read, so that
                self.waiting.add(strand)            # a reader who stops now hands over to us
            if self.read_lock.acquire(blocking=False):
                with self.lock:
                    self.waiting.discard(strand)
                mine = self._lead(strand, q, deadline)
                if mine is not None:
                    return mine
                continue
            try:
                message = q.get(timeout=remaining)
            except queue_module.Empty:
                raise TimeoutError() from None
            finally:
                with self.lock:
                    self.waiting.discard(strand)
            if message is self.WAKE:
                continue
            return message

    def _lead(self, strand: int, q, deadline: float | None) -> dict | None:
        """:meth:`_read_one` by the holder of ``read_lock``, which it then releases, handing over."""
        try:
            return self._read_one(strand, q, deadline)
        finally:
            self.read_lock.release()
            self._hand_over(strand)

    def _read_one(self, strand: int, q, deadline: float | None) -> dict | None:
        """As the reader: a message for ``strand`` (already queued, or read now), or None after
        handing one on to its strand (None also once the channel has closed: its queue says so)."""
        import queue as queue_module

        try:
            message = q.get_nowait()          # queued while we took the lock
            if message is not self.WAKE:
                return message
        except queue_module.Empty:
            pass
        try:
            message = self.channel.recv(deadline)
        except TimeoutError:            # (an OSError: not the channel closing)
            raise
        except (OSError, WireError):
            message = None
        if message is not None and self.on_receive is not None:
            self.on_receive(message)
        if message is not None and message.get("s") == strand:
            return message
        self._route(message)          # hand it on while still reading: whoever reads next finds it queued
        return None

    def retire(self, strand: int) -> bool:
        """Forget ``strand`` if nothing waits in its queue (a later message starts it afresh)."""
        with self.lock:
            q = self.queues.get(strand)
            if q is not None and q.empty():
                del self.queues[strand]
                self.waiting.discard(strand)
                return True
            return q is None

    def _hand_over(self, me: int) -> None:
        """Wake every follower: one of them takes over reading (the others wait again).
        Waking one is not enough: the one picked may be returning with its message already."""
        with self.lock:
            queues = [self.queues[s] for s in self.waiting if s != me and s in self.queues]
        for q in queues:
            q.put(self.WAKE)


class Channel:
    """Length-prefixed messages over a connected stream socket (both ends use it)."""

    def __init__(self, sock):
        import collections
        import os

        self.sock = sock
        self._buffer = bytearray()
        self._poller = None
        # COURSE_WIRE_TRACE=1: remember the last messages each way (for diagnosing a hang)
        self.trace = collections.deque(maxlen=60) if os.environ.get("COURSE_WIRE_TRACE") else None

    def send(self, message: dict) -> None:
        if self.trace is not None:
            import threading
            self.trace.append(("out", threading.current_thread().name, str(message)[:160]))
        self.sock.sendall(dumps(message))

    def _fill(self, n: int, deadline: float | None) -> bool:
        """Make the buffer hold ``n`` bytes; False if the other end closed first. What has arrived is
        taken at once (the other end often answers before this end looks); only then does it wait,
        on a poller made once per channel."""
        import socket
        import time

        while len(self._buffer) < n:
            try:
                chunk = self.sock.recv(max(65536, n - len(self._buffer)), socket.MSG_DONTWAIT)
            except BlockingIOError:
                if self._poller is None:
                    import select

                    self._poller = select.poll()
                    self._poller.register(self.sock, select.POLLIN)
                if deadline is None:
                    self._poller.poll(None)
                else:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or not self._poller.poll(max(0, int(remaining * 1000 + 0.999))):
                        raise TimeoutError()
                continue
            if not chunk:
                return False
            self._buffer += chunk
        return True

    def recv(self, deadline: float | None = None) -> dict | None:
        """The next message, or None when the other end has closed; TimeoutError at ``deadline``
        (a ``time.monotonic()`` value), leaving a partly read message for the next call."""
        if not self._fill(4, deadline):
            return None
        (size,) = struct.unpack(">I", bytes(self._buffer[:4]))
        if size > MAX_FRAME:
            raise WireError(f"a message of {size:,} bytes (the limit is {MAX_FRAME:,})")
        if not self._fill(4 + size, deadline):
            return None
        body = bytes(self._buffer[4:4 + size])
        del self._buffer[:4 + size]
        message = loads(body)
        if self.trace is not None:
            import threading
            self.trace.append(("in", threading.current_thread().name, str(message)[:160]))
        return message
