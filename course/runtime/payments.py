"""Teaching helpers and grader-side fakes for the payments notebook (chapter 12).

    from course.runtime.payments import (Provider, Broker, SagaServices, Process, SimulatedCrash,
                                         IdempotencyKeyReused, RequestInProgress, StepFailed,
                                         ServiceUnavailable, LEDGER_SCHEMA, OUTBOX_SCHEMA)

**Exceptions the exercises raise or receive** (defined here so that they cross the grading
boundary as themselves): :class:`IdempotencyKeyReused` (a key reused with another request:
HTTP 422), :class:`RequestInProgress` (the same key while its first request runs: HTTP 409),
:class:`ServiceUnavailable` (a provider or broker could not be reached; nothing happened),
:class:`StepFailed` (a saga step failed for good: a declined card, no stock), and
``SimulatedCrash`` (from :mod:`course.runtime.sql`: the process running the code died).

**Grader-side fakes of other companies' services.** A :class:`FakeService` stays in the
grader's process under grading; the student's code holds a :class:`RemoteService` whose
operations are round trips (``provider.charge(request)``, ``broker.publish(...)``,
``services.reserve_stock(saga_id, payload)``), and every call, argument and effect is recorded
where the student cannot rewrite it. In a kernel the fake is its own remote service (the same
API, the same errors). The fakes:

- :class:`Provider`: a card processor with **no idempotency of its own**: every ``charge``
  call charges (or declines) and gets a new id ``ch_0001``, ``ch_0002``...; it can be made
  unavailable for chosen calls, and ``on_charge`` runs a hook while a charge is in flight;
- :class:`Broker`: a message broker that records every ``publish`` (duplicates included) and
  fails on cue;
- :class:`SagaServices`: the participants of a saga, one operation per action and per
  compensation, **idempotent per saga id** (a repeated call replays its first outcome), which
  fail for good or transiently on cue and report each step's net effect.

**Crashes** (:class:`Process`): one run of a service process. Its database connections
(``process.connect(db)``, a ``course.runtime.sql`` connection) and its calls to fakes
(``process.service(fake)``) share one fate and one counter: with ``crash_at=n`` the n-th of
those calls, whichever it is, never happens; the process dies there: every connection is
closed (SQLite rolls back its open transaction), and that call and every later one raises
``SimulatedCrash``. A test runs a clean process to count the calls, then crashes one at each
of them in turn and restarts the component on a new process. (It builds on
``course.runtime.sql.ServerConnection``, whose own ``crash_at`` counts only its own calls.)

**Teaching helpers** (seeded, nothing reads a real clock): :func:`duplicate_charges` and
:func:`retry_figure` (retries without idempotency keys, formula and simulation),
:func:`two_phase_commit` and :func:`two_pc_figure` (2PC on two real SQLite databases, and what
a coordinator crash leaves locked), :func:`reconcile` and :func:`settlement_demo` (matching the
ledger against the provider's settlement report), :func:`storage_estimate`.
"""
from __future__ import annotations

import builtins
import json
import math
import os
import random
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from .scratch import memory_dir
from .sql import Database, ServerConnection, SimulatedCrash

__all__ = [
    "IdempotencyKeyReused", "RequestInProgress", "ServiceUnavailable", "StepFailed", "SimulatedCrash",
    "RemoteService", "FakeService", "Provider", "Broker", "SagaServices", "Process", "ProcessConnection",
    "ServiceView", "reset_database", "LEDGER_SCHEMA", "OUTBOX_SCHEMA", "duplicate_charges",
    "duplicate_charges_formula", "retry_figure", "two_phase_commit", "two_pc_figure", "reconcile",
    "settlement_demo", "storage_estimate",
]


# -- exceptions --------------------------------------------------------------------------------------
class IdempotencyKeyReused(ValueError):
    """An idempotency key sent again with a different request (HTTP 422 in the IETF draft)."""


class RequestInProgress(RuntimeError):
    """An idempotency key sent again while its first request is still running (HTTP 409)."""


class ServiceUnavailable(ConnectionError):
    """A provider or broker could not be reached: the call did nothing; it may be retried."""


class StepFailed(RuntimeError):
    """A saga step failed for good (a declined card, no stock): it did nothing, and never will."""


_ERRORS = {cls.__name__: cls for cls in (IdempotencyKeyReused, RequestInProgress, ServiceUnavailable,
                                          StepFailed, SimulatedCrash)}


def _error(exc: BaseException) -> dict:
    name = type(exc).__name__
    if name not in _ERRORS and not (isinstance(getattr(builtins, name, None), type)
                                    and issubclass(getattr(builtins, name), Exception)):
        name = "RuntimeError"
    return {"ok": False, "error": name, "message": str(exc)[:1000]}


def _crash(message: str) -> dict:
    return {"ok": False, "crash": True, "message": message}


def _unwrap(result: Any) -> Any:
    """The value of a service's answer, or the exception it reports, raised here."""
    if type(result) is not dict:
        raise RuntimeError(f"the service answered {result!r}")
    if result.get("ok"):
        return result.get("value")
    if result.get("crash"):
        raise SimulatedCrash(str(result.get("message", "")))
    name = str(result.get("error", "RuntimeError"))
    kind = _ERRORS.get(name)
    if kind is None:
        builtin = getattr(builtins, name, None)
        kind = builtin if isinstance(builtin, type) and issubclass(builtin, Exception) else RuntimeError
    raise kind(str(result.get("message", "")))


# -- services: the student's side and the grader's ------------------------------------------------------
class RemoteService:
    """What student code holds: ``service.op(*args)`` is ``handle.invoke("op", [args])``.

    Under grading ``handle`` is the grader's :class:`FakeService` (or a :class:`ServiceView` of
    it) and each operation is a round trip; the answer is a plain dict, turned back here into the
    operation's value or its exception (``SimulatedCrash`` when the process died).
    """

    def __init__(self, handle: Any):
        object.__setattr__(self, "_handle", handle)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        handle = object.__getattribute__(self, "_handle")

        def operation(*args):
            return _unwrap(handle.invoke(name, list(args)))

        operation.__name__ = name
        return operation

    def __repr__(self) -> str:
        return "<course.runtime.payments.RemoteService>"


class FakeService(RemoteService):
    """A grader-side fake: subclasses list their operations in ``_operations()``.

    Student code may call ``invoke`` only (through :class:`RemoteService`); the test reads the
    fake's records directly. ``calls`` lists every ``(operation, args)`` received, in order.
    """

    __remote_methods__ = ("invoke",)
    __remote_wrapper__ = "course.runtime.payments:RemoteService"
    label = "service"

    def __init__(self):
        super().__init__(self)
        self.calls: list[tuple[str, tuple]] = []
        self._lock = threading.RLock()

    def _operations(self) -> dict[str, Callable]:
        return {}

    def invoke(self, operation, args) -> dict:
        ops = self._operations()
        if type(operation) is not str or operation not in ops:
            return _error(AttributeError(f"{self.label} has no operation {operation!r} "
                                         f"(it has: {', '.join(sorted(ops))})"))
        if type(args) is not list:
            return _error(TypeError("malformed call"))
        with self._lock:
            self.calls.append((operation, tuple(args)))
        try:
            value = ops[operation](*args)
        except (IdempotencyKeyReused, RequestInProgress, ServiceUnavailable, StepFailed, SimulatedCrash,
                TypeError, ValueError, KeyError, LookupError, ConnectionError) as exc:
            return _error(exc)
        return {"ok": True, "value": value}


class ServiceView(RemoteService):
    """A fake as one process (and, in a race, one actor) sees it: calls count toward the
    process's crash, and wait for the actor's turn at a gate (``course.runtime.redis_front.Gate``)."""

    __remote_methods__ = ("invoke",)
    __remote_wrapper__ = "course.runtime.payments:RemoteService"

    def __init__(self, target: FakeService, process: "Process | None" = None, actor: str | None = None,
                 gate=None):
        super().__init__(self)
        self.target = target
        self.process = process
        self.actor = actor
        self.gate = gate

    def invoke(self, operation, args) -> dict:
        what = f"{self.target.label}.{operation}"
        if self.process is not None:
            crash = self.process.enter(what)
            if crash is not None:
                return crash
        gated = self.gate is not None and self.actor is not None
        if gated:
            # The Redis front passes the turn on only after it has sent a command's reply, so the
            # actor's thread can get here while the gate still names it the holder (which the gate
            # reads as "inside MULTI ... EXEC"). A service call is never inside a Redis transaction:
            # wait until that turn is really over.
            with self.gate.cond:
                self.gate.cond.wait_for(lambda: self.gate.holder != self.actor or not self.gate.running,
                                        self.gate.timeout)
            try:
                self.gate.before(self.actor, what)
            except Exception as exc:  # noqa: BLE001 - a GateError: another actor is stuck
                return _error(RuntimeError(str(exc)))
        try:
            return self.target.invoke(operation, args)
        finally:
            if gated:
                self.gate.after(self.actor)


# -- the card processor -------------------------------------------------------------------------------
class Provider(FakeService):
    """A card processor with no idempotency of its own: every ``charge(request)`` charges.

    ``request`` is a dict such as ``{"customer": "cus_ada", "amount": 2500, "currency": "eur"}``.
    The answer is a dict: ``{"id": "ch_0001", "status": "succeeded", "amount": 2500,
    "currency": "eur", "customer": "cus_ada"}``, or ``"status": "declined"`` with a
    ``"decline_code"`` for a customer in ``declines``. Every call that reaches it gets a new id.

    - ``unavailable``: numbers of the calls (1, 2, ...) that raise :class:`ServiceUnavailable`
      instead (nothing is charged, no id is used);
    - ``on_charge(request)``: runs while a charge is in flight, before it answers (a test's
      way to send a second request "at the same time");
    - records: ``requests`` (every request received), ``responses`` (every answer), ``charged``
      (ids of the successful charges), ``in_flight`` (charges running now).
    """

    label = "provider"

    def __init__(self, declines: Iterable[str] = (), unavailable: Iterable[int] = (),
                 on_charge: Callable[[dict], Any] | None = None):
        super().__init__()
        self.declines = set(declines)
        self.unavailable = set(unavailable)
        self.on_charge = on_charge
        self.requests: list[dict] = []
        self.responses: list[dict] = []
        self.charged: list[str] = []
        self.in_flight = 0
        self.received = 0

    def _operations(self) -> dict[str, Callable]:
        return {"charge": self._charge}

    def _charge(self, request) -> dict:
        if type(request) is not dict:
            raise TypeError(f"a charge request is a dict, not {type(request).__name__}")
        with self._lock:
            self.received += 1
            number = self.received
            self.requests.append(request)
        if number in self.unavailable:
            raise ServiceUnavailable(f"the provider did not answer call {number} (nothing was charged)")
        self.in_flight += 1
        try:
            if self.on_charge is not None:
                self.on_charge(request)
        finally:
            self.in_flight -= 1
        with self._lock:
            charge_id = f"ch_{len(self.responses) + 1:04d}"
            response = {"id": charge_id, "amount": request.get("amount"), "currency": request.get("currency"),
                        "customer": request.get("customer")}
            if request.get("customer") in self.declines:
                response.update(status="declined", decline_code="insufficient_funds")
            else:
                response["status"] = "succeeded"
                self.charged.append(charge_id)
            self.responses.append(response)
        return dict(response)

    def __repr__(self) -> str:
        return f"Provider(calls={len(self.requests)}, charged={self.charged})"


# -- the message broker ---------------------------------------------------------------------------------
class Broker(FakeService):
    """A message broker: ``publish(event_id, topic, payload)`` records a delivery.

    ``fail_on``: ``{event_id: n}``: the first n publishes of that event raise
    :class:`ServiceUnavailable` (nothing is delivered). ``deliveries`` lists every
    ``(event_id, topic, payload)`` delivered, duplicates included, in order.
    """

    label = "broker"

    def __init__(self, fail_on: dict | None = None):
        super().__init__()
        self.fail_on = dict(fail_on or {})
        self.deliveries: list[tuple[str, str, str]] = []

    def _operations(self) -> dict[str, Callable]:
        return {"publish": self._publish}

    def _publish(self, event_id, topic, payload) -> None:
        with self._lock:
            if self.fail_on.get(event_id, 0) > 0:
                self.fail_on[event_id] -= 1
                raise ServiceUnavailable(f"the broker did not accept {event_id!r} (nothing was delivered)")
            self.deliveries.append((event_id, topic, payload))
        return None

    def delivered_ids(self) -> list[str]:
        return [d[0] for d in self.deliveries]

    def first_delivery_order(self) -> list[str]:
        seen, out = set(), []
        for event_id in self.delivered_ids():
            if event_id not in seen:
                seen.add(event_id)
                out.append(event_id)
        return out

    def __repr__(self) -> str:
        return f"Broker(deliveries={self.delivered_ids()})"


# -- the participants of a saga ----------------------------------------------------------------------------
class SagaServices(FakeService):
    """The services a saga calls: one operation per action and per compensation.

    ``steps``: ``[(action, compensation or None), ...]``. Every operation is called
    ``op(saga_id, payload)`` and is **idempotent per saga id**: the first call decides the
    outcome, a repeat replays it (a success returns the same answer and changes nothing; a
    failure raises :class:`StepFailed` again).

    - ``fail``: ``(action, saga_id)`` pairs that fail for good (:class:`StepFailed`; no effect);
    - ``transient``: ``{(operation, saga_id): n}``: the first n calls raise
      :class:`ServiceUnavailable` before deciding anything (no effect, the next call decides);
    - a compensation undoes its action if the action took effect and is not undone yet;
      otherwise it does nothing (and is noted in ``anomalies``), as does an action called
      after its compensation;
    - records: ``log`` (every ``(operation, saga_id, payload)``, in order), ``effects(saga_id)``
      (``{action: "applied" | "compensated" | "failed" | "not run"}``).
    """

    label = "services"

    def __init__(self, steps: Sequence[tuple[str, str | None]], fail: Iterable[tuple[str, str]] = (),
                 transient: dict | None = None):
        super().__init__()
        self.steps = [(a, c) for a, c in steps]
        self.fail = set(fail)
        self.transient = dict(transient or {})
        self.log: list[tuple[str, str, Any]] = []
        self.outcome: dict[tuple[str, str], str] = {}       # (action, saga) -> "applied" / "failed"
        self.undone: set[tuple[str, str]] = set()
        self.anomalies: list[str] = []
        self._ops: dict[str, Callable] = {}
        for action, compensation in self.steps:
            self._ops[action] = self._make_action(action)
            if compensation:
                self._ops[compensation] = self._make_compensation(action, compensation)

    def _operations(self) -> dict[str, Callable]:
        return self._ops

    def _transient(self, op: str, saga_id) -> None:
        left = self.transient.get((op, saga_id), 0)
        if left > 0:
            self.transient[(op, saga_id)] = left - 1
            raise ServiceUnavailable(f"{op} timed out for {saga_id!r} (nothing happened; try again)")

    def _make_action(self, action: str) -> Callable:
        def run(saga_id, payload):
            with self._lock:
                self.log.append((action, saga_id, payload))
                self._transient(action, saga_id)
                key = (action, saga_id)
                if key in self.undone:
                    self.anomalies.append(f"{action}({saga_id!r}) called after its compensation")
                if key not in self.outcome:
                    self.outcome[key] = "failed" if key in self.fail else "applied"
                if self.outcome[key] == "failed":
                    raise StepFailed(f"{action} failed for {saga_id!r}")
                return {"step": action, "saga": saga_id}
        return run

    def _make_compensation(self, action: str, compensation: str) -> Callable:
        def run(saga_id, payload):
            with self._lock:
                self.log.append((compensation, saga_id, payload))
                self._transient(compensation, saga_id)
                key = (action, saga_id)
                if self.outcome.get(key) == "applied":
                    self.undone.add(key)
                elif key not in self.undone:
                    self.anomalies.append(f"{compensation}({saga_id!r}) called but {action} never took effect")
                return None
        return run

    def effects(self, saga_id) -> dict[str, str]:
        out = {}
        for action, _ in self.steps:
            key = (action, saga_id)
            state = self.outcome.get(key, "not run")
            out[action] = "compensated" if key in self.undone else state
        return out

    def operations_called(self, saga_id=None) -> list[str]:
        return [op for op, s, _ in self.log if saga_id is None or s == saga_id]

    def __repr__(self) -> str:
        return f"SagaServices(log={[op for op, _, _ in self.log]})"


# -- crashes ------------------------------------------------------------------------------------------------
class ProcessConnection(ServerConnection):
    """A ``course.runtime.sql`` connection that belongs to a :class:`Process`: each of its calls
    counts toward the process's crash, and the process's death closes it."""

    def __init__(self, process: "Process", db: Database, actor: str | None = None, gate=None):
        super().__init__(db, actor=actor, gate=gate)
        self.process = process

    def _step(self, what, fn, counts=True, gate=True):
        if counts:
            with self._lock:
                if not self.crashed and not self._closed:
                    crash = self.process.enter(f"SQL {what}")
                    if crash is not None:
                        self._die()
                        return crash
        return super()._step(what, fn, counts, gate)

    def _kill(self) -> None:
        if not self.crashed:
            self._die()


class Process:
    """One run of a service process; see the module docstring.

    ``connect(db)`` and ``service(fake)`` give the process's connections and service handles;
    ``calls`` counts their calls, ``trace`` names them (``"SQL INSERT"``, ``"broker.publish"``),
    ``crashed`` says whether it died.
    """

    def __init__(self, crash_at: int | None = None, name: str = "process"):
        self.crash_at = crash_at
        self.name = name
        self.calls = 0
        self.trace: list[str] = []
        self.crashed = False
        self._connections: list[ProcessConnection] = []
        self._lock = threading.RLock()

    def connect(self, db: Database, actor: str | None = None, gate=None) -> ProcessConnection:
        conn = ProcessConnection(self, db, actor=actor, gate=gate)
        db.connections.add(conn)
        with self._lock:
            self._connections.append(conn)
            if self.crashed:
                conn._kill()
        return conn

    def service(self, target: FakeService, actor: str | None = None, gate=None) -> ServiceView:
        return ServiceView(target, process=self, actor=actor, gate=gate)

    def enter(self, what: str) -> dict | None:
        """Called before every call of the process: ``None`` to go on, or the crash to report."""
        with self._lock:
            if self.crashed:
                return _crash(f"injected crash: the process {self.name!r} died earlier; nothing runs any more")
            self.calls += 1
            self.trace.append(what)
            if self.crash_at is not None and self.calls >= self.crash_at:
                self.crashed = True
                for conn in self._connections:
                    conn._kill()
                return _crash(f"injected crash: the process {self.name!r} died before call {self.calls} "
                              f"({what}); its connections are closed and their open transactions rolled back")
        return None

    def where(self) -> str:
        """The calls that ran before the crash, for messages."""
        ran = self.trace[:-1] if self.crashed else self.trace
        return ", ".join(ran) or "none"

    def __repr__(self) -> str:
        return f"Process({self.name!r}, calls={self.calls}{', crashed' if self.crashed else ''})"


def reset_database(db: Database, schema: str = "") -> None:
    """Close every connection to ``db``, drop everything in it, and run ``schema`` again."""
    for conn in list(db.connections):
        conn.sql_close()
    rows = db.query("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    drops = [f'DROP TABLE IF EXISTS "{name}";' for kind, name in rows if kind == "table"]
    db.executescript("".join(drops) + schema)


# -- schemas of the exercises -------------------------------------------------------------------------------
LEDGER_SCHEMA = """
CREATE TABLE accounts (
    id             TEXT PRIMARY KEY,
    allow_negative INTEGER NOT NULL DEFAULT 0 CHECK (allow_negative IN (0, 1))
);
CREATE TABLE transactions (
    id          TEXT PRIMARY KEY
);
CREATE TABLE postings (
    id          INTEGER PRIMARY KEY,
    txn_id      TEXT    NOT NULL REFERENCES transactions (id),
    account_id  TEXT    NOT NULL REFERENCES accounts (id),
    amount      INTEGER NOT NULL CHECK (amount <> 0)
);
CREATE INDEX postings_by_account ON postings (account_id, amount);
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
    BEGIN SELECT RAISE(ABORT, 'postings are append-only: post a correcting transaction'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
    BEGIN SELECT RAISE(ABORT, 'postings are append-only: post a correcting transaction'); END;
CREATE TRIGGER transactions_no_change BEFORE UPDATE ON transactions
    BEGIN SELECT RAISE(ABORT, 'transactions are append-only'); END;
CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions
    BEGIN SELECT RAISE(ABORT, 'transactions are append-only'); END;
"""

OUTBOX_SCHEMA = """
CREATE TABLE orders (
    id        TEXT PRIMARY KEY,
    customer  TEXT    NOT NULL,
    amount    INTEGER NOT NULL
);
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      TEXT NOT NULL UNIQUE,
    topic         TEXT NOT NULL,
    payload       TEXT NOT NULL,
    published_at  REAL
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
"""


# -- retries without idempotency keys ---------------------------------------------------------------------
def duplicate_charges_formula(loss: float, retries: int) -> dict:
    """Expected outcome per payment when each network leg (request, response) is lost with
    probability ``loss`` and the client retries a timed-out request up to ``retries`` times,
    against a server **without** idempotency keys (every request that arrives charges).

    An attempt times out with ``t = 1 - (1 - loss)**2``; attempt i+1 happens only if the first
    i timed out (``t**i``); each attempt charges with probability ``1 - loss``. So
    ``charges = (1 - loss) * sum(t**i for i in range(retries + 1))``, a payment is charged at
    least once unless every request was lost (``1 - loss**(retries + 1)``), and the client ends
    without an answer with probability ``t**(retries + 1)``.
    """
    t = 1 - (1 - loss) ** 2
    charges = (1 - loss) * sum(t ** i for i in range(retries + 1))
    charged = 1 - loss ** (retries + 1)
    return {"charges": charges, "duplicates": charges - charged, "no_answer": t ** (retries + 1),
            "timeout": t}


def duplicate_charges(payments: int, loss: float, retries: int, idempotent: bool, seed: int = 12) -> dict:
    """Simulate ``payments`` payments (see :func:`duplicate_charges_formula`); with
    ``idempotent`` the server charges a key once and replays the answer to every retry."""
    rng = random.Random(seed)
    charges = duplicates = no_answer = 0
    for _ in range(payments):
        charged_here = 0
        answered = False
        for _attempt in range(retries + 1):
            if rng.random() < loss:                 # the request is lost: nothing happens
                continue
            if not (idempotent and charged_here):   # the server charges (a replay does not)
                charged_here += 1
            if rng.random() >= loss:                # the response arrives
                answered = True
                break
        charges += charged_here
        duplicates += max(0, charged_here - 1)
        no_answer += not answered
    return {"payments": payments, "charges": charges, "duplicates": duplicates, "no_answer": no_answer}


def retry_figure(loss: float, per_day: float, max_retries: int = 5):
    """Two panels: duplicate charges per day without keys, and payments left without an answer,
    for 0..max_retries retries (the formula; the keys make the first panel zero)."""
    import matplotlib.pyplot as plt

    from .widgets import apply_style

    apply_style()
    xs = list(range(max_retries + 1))
    rows = [duplicate_charges_formula(loss, r) for r in xs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.4))
    dup = [row["duplicates"] * per_day for row in rows]
    none = [row["no_answer"] * per_day for row in rows]
    left.bar(xs, dup, color="#d62728")
    left.set_title("double charges per day, no idempotency key")
    left.set_xlabel("retries after a timeout")
    left.set_ylim(0, max(max(dup), 1) * 1.3)
    left.text(0.02, 0.95, "with a key: 0 at every count", transform=left.transAxes, va="top", fontsize=8,
              color="#2ca02c")
    right.bar(xs, none, color="#7f7f7f")
    right.set_title("payments left with no answer per day")
    right.set_xlabel("retries after a timeout")
    right.set_yscale("log")
    for ax, values in ((left, dup), (right, none)):
        for x, v in zip(xs, values):
            ax.annotate(f"{v:,.0f}" if v >= 10 else f"{v:.2g}", (x, v), ha="center", va="bottom", fontsize=8)
    fig.suptitle(f"{per_day:,.0f} payments a day, each network leg lost with probability {loss:.2%}",
                 fontsize=10)
    fig.tight_layout()
    return fig


# -- two-phase commit on two real SQLite databases ---------------------------------------------------------
@dataclass
class TwoPCRun:
    """What :func:`two_phase_commit` did: the steps, and what another transaction saw meanwhile."""
    steps: list[tuple[str, str, str]] = field(default_factory=list)   # (who, what, result)
    blocked: list[str] = field(default_factory=list)                  # other writers refused meanwhile
    balances: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""


def two_phase_commit(crash: str | None = None) -> TwoPCRun:
    """Move 30 from a bank database to a shop database with two-phase commit (Gray, 1978).

    Each participant is a real SQLite database. *Prepare*: the participant starts a transaction
    that takes its write lock (``BEGIN IMMEDIATE``), makes the change, and votes yes, keeping
    the transaction open (SQLite has no ``PREPARE TRANSACTION``: an open transaction that holds
    its lock stands in for a prepared one, which is what makes 2PC block). *Commit*: the
    coordinator writes its decision, then tells each participant.

    ``crash``: ``None`` (all goes well), ``"after_prepare"`` (the coordinator dies after both
    votes, before deciding) or ``"after_decision"`` (it dies after logging COMMIT and telling
    the bank only). After the crash another transaction tries to write each database, and the
    run records who is blocked; then the coordinator "restarts" and finishes from its log.
    """
    folder = tempfile.mkdtemp(prefix="course-2pc-", dir=memory_dir())
    run = TwoPCRun()
    conns: list[sqlite3.Connection] = []
    try:
        dbs = {}
        for name, table, start in (("bank", "accounts", 100), ("shop", "wallets", 0)):
            path = os.path.join(folder, f"{name}.sqlite")
            setup = sqlite3.connect(path)
            setup.execute("PRAGMA journal_mode = WAL").fetchall()
            setup.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)")
            setup.execute(f"INSERT INTO {table} VALUES ('ada', ?)", (start,))
            setup.commit()
            setup.close()
            dbs[name] = (path, table)

        def open_conn(name):
            conn = sqlite3.connect(dbs[name][0], timeout=0, isolation_level=None)
            conns.append(conn)
            return conn

        part = {name: open_conn(name) for name in dbs}
        log: list[str] = []                                   # the coordinator's durable log
        change = {"bank": -30, "shop": +30}
        for name, conn in part.items():                       # phase 1: prepare
            conn.execute("BEGIN IMMEDIATE")
            table = dbs[name][1]
            conn.execute(f"UPDATE {table} SET balance = balance + ? WHERE id = 'ada'", (change[name],))
            run.steps.append((name, "PREPARE", "yes: change made, lock held, waiting for the decision"))

        def other_writer(label):
            for name in dbs:
                other = open_conn(name)
                try:
                    other.execute(f"UPDATE {dbs[name][1]} SET balance = balance WHERE id = 'ada'")
                    run.steps.append((f"other ({label})", f"write {name}", "ok"))
                except sqlite3.OperationalError as exc:
                    run.steps.append((f"other ({label})", f"write {name}", f"refused: {exc}"))
                    run.blocked.append(name)
                finally:
                    other.close()

        if crash == "after_prepare":
            run.steps.append(("coordinator", "CRASH", "after both votes, before deciding"))
            other_writer("while the coordinator is down")
            run.steps.append(("coordinator", "RESTART", "its log has no decision: presumed abort"))
            for name, conn in part.items():
                conn.execute("ROLLBACK")
                run.steps.append((name, "ROLLBACK", "lock released"))
            run.outcome = "aborted after the restart"
        else:
            log.append("COMMIT")
            run.steps.append(("coordinator", "DECIDE", "COMMIT written to its log"))
            part["bank"].execute("COMMIT")
            run.steps.append(("bank", "COMMIT", "lock released"))
            if crash == "after_decision":
                run.steps.append(("coordinator", "CRASH", "after telling the bank, before telling the shop"))
                other_writer("while the coordinator is down")
                run.steps.append(("coordinator", "RESTART", "its log says COMMIT: tell the shop again"))
            part["shop"].execute("COMMIT")
            run.steps.append(("shop", "COMMIT", "lock released"))
            run.outcome = "committed" + (" after the restart" if crash else "")
        for name, (path, table) in dbs.items():
            check = sqlite3.connect(path)
            conns.append(check)
            run.balances[name] = check.execute(f"SELECT balance FROM {table}").fetchone()[0]
        return run
    finally:
        for conn in conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        shutil.rmtree(folder, ignore_errors=True)


def two_pc_figure(downtime: float, rate: float = 10.0, hold_ms: float = 20.0):
    """Locks held by prepared participants while the coordinator is down, and the writes that
    queue behind them: ``rate`` payments per second that need the same rows."""
    import matplotlib.pyplot as plt

    from .widgets import apply_style

    apply_style()
    fig, ax = plt.subplots(figsize=(8.5, 2.9))
    normal = hold_ms / 1000
    held = normal / 2 + downtime
    lanes = [("coordinator", [(0, normal / 2, "#1f77b4", "prepare"), (normal / 2, downtime, "#d62728", "down")]),
             ("bank (prepared)", [(0, held, "#ff7f0e", "prepared: lock held, in doubt")]),
             ("shop (prepared)", [(0, held, "#ff7f0e", "prepared: lock held, in doubt")]),
             ("other payments", [(normal / 2, downtime, "#7f7f7f",
                                  f"{rate * downtime:,.0f} arrive and wait ({rate:g}/s)")])]
    for i, (name, spans) in enumerate(lanes):
        for start, width, color, label in spans:
            ax.barh(i, width, left=start, color=color, height=0.55)
            if width > 0.2 * held:
                ax.text(start + width / 2, i, label, ha="center", va="center", fontsize=8, color="white")
    ax.set_yticks(range(len(lanes)), [name for name, _ in lanes])
    ax.invert_yaxis()
    ax.set_xlabel("seconds after the prepare")
    ax.set_title(f"Coordinator down {downtime:g} s: locks held {held:,.2f} s instead of {normal:.3f} s",
                 fontsize=10)
    fig.tight_layout()
    return fig


# -- reconciliation ---------------------------------------------------------------------------------------
def reconcile(ledger: Sequence[dict], settlement: Sequence[dict]) -> dict[str, list]:
    """Match our ledger's charges against the provider's settlement report, by charge id.

    Each row is ``{"id": ..., "amount": ...}``. Returns ``matched`` (ids), ``amount_mismatch``
    (``(id, ours, theirs)``), ``missing_in_ledger`` (the provider charged, we have no record:
    often a timeout whose outcome we never learned), ``missing_at_provider`` (we recorded a
    charge the provider does not report: not settled yet, or never happened).
    """
    ours = {row["id"]: row["amount"] for row in ledger}
    theirs = {row["id"]: row["amount"] for row in settlement}
    out = {"matched": [], "amount_mismatch": [], "missing_in_ledger": [], "missing_at_provider": []}
    for charge_id in sorted(ours.keys() | theirs.keys()):
        if charge_id not in theirs:
            out["missing_at_provider"].append(charge_id)
        elif charge_id not in ours:
            out["missing_in_ledger"].append(charge_id)
        elif ours[charge_id] != theirs[charge_id]:
            out["amount_mismatch"].append((charge_id, ours[charge_id], theirs[charge_id]))
        else:
            out["matched"].append(charge_id)
    return out


def settlement_demo(charges: int = 1_000, seed: int = 12) -> tuple[list[dict], list[dict]]:
    """A day of charges as our ledger and the provider's report see them, with the usual
    discrepancies planted: 3 timeouts we never recorded, 2 charges settling tomorrow, and one
    amount booked wrong on our side."""
    rng = random.Random(seed)
    truth = [{"id": f"ch_{i:05d}", "amount": rng.randrange(100, 20_000)} for i in range(1, charges + 1)]
    ledger = [dict(row) for row in truth]
    settlement = [dict(row) for row in truth]
    picks = rng.sample(range(charges), 6)
    for i in sorted(picks[:3], reverse=True):        # the provider charged; our side timed out, never recorded
        del ledger[i]
    late = {truth[i]["id"] for i in picks[3:5]}     # recorded by us, in tomorrow's report
    settlement = [row for row in settlement if row["id"] not in late]
    wrong = truth[picks[5]]["id"]
    for row in ledger:
        if row["id"] == wrong:
            row["amount"] += 100                     # a fee booked into the charge by mistake
    return ledger, settlement


# -- estimation --------------------------------------------------------------------------------------------
def storage_estimate(payments_per_day: float, years: float, payment_row: int, postings_per_payment: int,
                     posting_row: int, event_row: int) -> dict[str, float]:
    """Bytes a payment system keeps after ``years`` (rows only: no indexes, no replicas)."""
    days = 365 * years
    payments = payments_per_day * days
    return {"payments": payments * payment_row,
            "postings": payments * postings_per_payment * posting_row,
            "events": payments * event_row}
