"""Force several Redis clients to interleave their commands in a chosen order.

Races such as check-then-act hide when threads run "whenever": a quiet machine
almost always runs one client to completion before the other. Here each actor
runs in its own thread, and every command it sends to Redis waits at a gate
*outside* the clients (in this process's Redis front, see
``course.runtime.redis_front``) for that actor's turn, so a chosen interleaving
happens every time::

    from course.runtime.interleave import Interleaving

    lab = Interleaving()                       # one fresh server, shared
    a, b = lab.client("A"), lab.client("B")    # a client per API server
    limiter_a, limiter_b = Limiter(a, ...), Limiter(b, ...)
    result = lab.run({"A": lambda: limiter_a.allow("k"),
                      "B": lambda: limiter_b.allow("k")},
                     order=["A", "B", "A", "B"])
    result.values        # {"A": True, "B": True}
    result.trace         # [("A", "GET"), ("B", "GET"), ("A", "SET"), ("B", "SET")]

A *step* is one command and its reply (``MULTI`` .. ``EXEC`` is one step; a
Lua script is one command). ``order`` names whose step comes next; an actor
that has finished is skipped; after ``order`` runs out the remaining actors
take turns round-robin, one step each. Under grading the gate lives in the
grader's process and the student's code only holds the clients' sockets.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .redis_front import Gate, GateError

if TYPE_CHECKING:
    from .redis_client import RedisServer

InterleaveError = GateError


@dataclass
class InterleaveResult:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    trace: list[tuple[str, str]] = field(default_factory=list)

    def raise_first_error(self) -> None:
        for exc in self.errors.values():
            raise exc


class Interleaving:
    """A shared server plus gated clients; see the module docstring."""

    def __init__(self, server: RedisServer | None = None, timeout: float = 5.0):
        if server is None:
            from .redis_client import fresh_server     # (here: importing this module must not import redis-py)
            server = fresh_server()
        self.server = server
        self.timeout = timeout
        self.gate = Gate(timeout)

    def client(self, actor: str, decode_responses: bool = False):
        """A client of the shared server whose commands run as ``actor``."""
        return self.server.socket_client(decode_responses=decode_responses, actor=actor, gate=self.gate)

    def run(self, actors: Mapping[str, Callable[[], Any]], order: Sequence[str] = ()) -> InterleaveResult:
        """Run every actor to completion with their commands in ``order``."""
        unknown = set(order) - set(actors)
        if unknown:
            raise ValueError(f"order names unknown actors: {sorted(unknown)}")
        result = InterleaveResult()
        result.trace = self.gate.start(list(actors), order)

        def body(name: str, fn: Callable[[], Any]) -> None:
            try:
                result.values[name] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                result.errors[name] = exc
            finally:
                self.gate.finish(name)

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
            self.gate.stop()
        return result
