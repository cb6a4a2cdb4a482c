"""Force several Redis clients to interleave their commands in a chosen order.

Races such as check-then-act hide when threads run "whenever": fakeredis and a
quiet machine almost always run one client to completion before the other.
Here each actor runs in its own thread, but every round trip to Redis waits
for that actor's turn, so a chosen interleaving happens every time::

    from course.interleave import Interleaving

    lab = Interleaving()                       # one fresh server, shared
    a, b = lab.client("A"), lab.client("B")    # a client per API server
    limiter_a, limiter_b = Limiter(a, ...), Limiter(b, ...)
    result = lab.run({"A": lambda: limiter_a.allow("k"),
                      "B": lambda: limiter_b.allow("k")},
                     order=["A", "B", "A", "B"])
    result.values        # {"A": True, "B": True}
    result.trace         # [("A", "GET"), ("B", "GET"), ("A", "SET"), ("B", "SET")]

A *step* is one round trip: the actor sends a command (or a whole pipeline /
MULTI..EXEC batch, or one EVALSHA), reads the reply, and computes until it is
about to send again. ``order`` names whose step comes next; an actor that has
finished is skipped; after ``order`` runs out the remaining actors take turns
round-robin, one step each. So a Lua script or a MULTI/EXEC transaction is one
step and cannot be split, while a GET followed by a SET is two steps and can.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from .redis_client import RedisServer, fresh_server


class InterleaveError(RuntimeError):
    """An actor neither reached its next command nor finished in time."""


@dataclass
class InterleaveResult:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    trace: list[tuple[str, str]] = field(default_factory=list)

    def raise_first_error(self) -> None:
        for exc in self.errors.values():
            raise exc


def _command_name(packed) -> str:
    """The first command name in a packed RESP payload (best effort)."""
    try:
        chunks = packed if isinstance(packed, (list, tuple)) else [packed]
        data = b"".join(c if isinstance(c, bytes) else bytes(c) for c in chunks)
        parts = data.split(b"\r\n")
        # *N, $len, NAME, ...
        return parts[2].decode("utf-8", "replace").upper()
    except Exception:  # pragma: no cover - only used for the trace
        return "?"


class Interleaving:
    """A shared server plus gated clients; see the module docstring."""

    def __init__(self, server: RedisServer | None = None, timeout: float = 5.0):
        self.server = server or fresh_server()
        self.timeout = timeout
        self._cond = threading.Condition()
        self._running = False
        self._order: list[str] = []
        self._pos = 0
        self._actors: list[str] = []
        self._unfinished: set[str] = set()
        self._holder: str | None = None  # actor whose step is in progress
        self._last: str | None = None
        self._trace: list[tuple[str, str]] = []

    # -- clients ----------------------------------------------------------------
    def client(self, actor: str, decode_responses: bool = False):
        """A client of the shared server whose round trips run as ``actor``."""
        client = self.server.client(decode_responses=decode_responses)
        pool = client.connection_pool
        original_get = pool.get_connection

        def get_connection(*args, **kwargs):
            conn = original_get(*args, **kwargs)
            if not getattr(conn, "_interleave_gated", False):
                send = conn.send_packed_command

                def gated_send(command, *a, **kw):
                    self._before_send(actor, command)
                    return send(command, *a, **kw)

                conn.send_packed_command = gated_send
                conn._interleave_gated = True
            return conn

        pool.get_connection = get_connection
        return client

    # -- scheduling -------------------------------------------------------------
    def _turn(self) -> str | None:
        while self._pos < len(self._order) and self._order[self._pos] not in self._unfinished:
            self._pos += 1
        if self._pos < len(self._order):
            return self._order[self._pos]
        if not self._unfinished:
            return None
        # round-robin over the unfinished actors, starting after the last one to go
        names = self._actors
        start = names.index(self._last) + 1 if self._last in names else 0
        for i in range(len(names)):
            name = names[(start + i) % len(names)]
            if name in self._unfinished:
                return name
        return None

    def _end_step(self, actor: str) -> None:
        """Called with the lock held: ``actor``'s step is over, pass the turn."""
        if self._holder == actor:
            self._holder = None
            self._last = actor
            if self._pos < len(self._order):
                self._pos += 1
            self._cond.notify_all()

    def _before_send(self, actor: str, command) -> None:
        if not self._running:
            return
        with self._cond:
            self._end_step(actor)
            ok = self._cond.wait_for(lambda: self._holder is None and self._turn() == actor, self.timeout)
            if not ok:
                waiting_for = self._holder or self._turn()
                raise InterleaveError(
                    f"actor {actor!r} waited {self.timeout:g} s for its turn; "
                    f"{waiting_for!r} never sent its next command nor finished")
            self._holder = actor
            self._trace.append((actor, _command_name(command)))

    def _finish(self, actor: str) -> None:
        with self._cond:
            self._end_step(actor)
            self._unfinished.discard(actor)
            self._cond.notify_all()

    # -- running ----------------------------------------------------------------
    def run(self, actors: Mapping[str, Callable[[], Any]], order: Sequence[str] = ()) -> InterleaveResult:
        """Run every actor to completion with round trips in ``order``."""
        unknown = set(order) - set(actors)
        if unknown:
            raise ValueError(f"order names unknown actors: {sorted(unknown)}")
        result = InterleaveResult()
        with self._cond:
            self._order, self._pos = list(order), 0
            self._actors = list(actors)
            self._unfinished = set(actors)
            self._holder, self._last = None, None
            self._trace = result.trace
            self._running = True

        def body(name: str, fn: Callable[[], Any]) -> None:
            try:
                result.values[name] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                result.errors[name] = exc
            finally:
                self._finish(name)

        threads = [threading.Thread(target=body, args=(n, f), daemon=True, name=f"actor-{n}")
                   for n, f in actors.items()]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(self.timeout * (len(order) + 10))
                if t.is_alive():
                    raise InterleaveError(f"{t.name} did not finish")
        finally:
            with self._cond:
                self._running = False
                self._cond.notify_all()
        return result
