"""Teaching helpers for the resilience notebook (11_resilience).

**Exceptions the exercises raise** (defined here so they cross the grading
boundary as themselves)::

    from course.runtime.resilience import CircuitOpenError, BulkheadFullError

**Grader-side fakes** (tests pass them to student code; under grading they stay
in the grader's process and student code may only call the methods they list):

- :class:`SeededRandom`: a ``random.Random`` that counts its draws (``random``, ``uniform``);
- :class:`AdvancingSleep`: an injected ``sleep`` that records each delay and moves a
  ``FakeClock`` forward by it, then runs ``then(n)`` ("the world changes while you wait");
- :class:`RetryBudget`: retries may be at most ``ratio`` of the calls, plus a reserve;
- :class:`Script`: a dependency that answers from a script (values, or exceptions to raise);
- :class:`Blocker`: a slow dependency that blocks until released (forced races, no sleeps);
- :func:`in_thread`: run a call on a thread of its own (a :class:`Worker`).

**Simulations** (seeded, nothing reads a real clock or sleeps):

- :func:`occ_contention`: the AWS Architecture Blog's model (Brooker, 2015) of N
  clients updating one row with optimistic concurrency, retrying with backoff;
- :func:`retry_storm`: user requests through L layers that each retry, against a
  database with finite capacity and an outage;
- :func:`bulkhead_simulation`: one thread pool, two dependencies, one turns slow;
- :func:`shedding_simulation`: a server behind a queue, a surge, clients that time out;
- :func:`breaker_timeline`: drive any circuit breaker through a dependency outage.
"""
from __future__ import annotations

import heapq
import math
import random
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .clocks import FakeClock
from .probes import in_student

STRATEGIES = ("none", "full", "equal", "decorrelated")


# -- exceptions the exercises raise ---------------------------------------------------------------
class CircuitOpenError(RuntimeError):
    """A circuit breaker refused a call without trying it (open, or half-open with a probe in flight)."""


class BulkheadFullError(RuntimeError):
    """A bulkhead had no free slot for the dependency within the wait allowed."""


# -- grader-side fakes ----------------------------------------------------------------------------
class SeededRandom(random.Random):
    """A seeded ``random.Random`` that counts the numbers drawn from it.

    ``draws`` counts calls of ``random()`` and ``uniform(a, b)`` (one each; ``uniform``
    is ``a + (b - a) * random()``, exactly as ``random.Random.uniform``). Under grading
    the generator stays in the grader's process: student code may call only these two.
    """

    __remote_methods__ = ("random", "uniform")

    def __init__(self, seed: int = 0):
        self.draws = 0
        super().__init__(seed)

    def random(self) -> float:
        self.draws += 1
        return super().random()

    def uniform(self, a: float, b: float) -> float:
        self.draws += 1
        return a + (b - a) * super().random()


class AdvancingSleep:
    """An injected ``sleep`` that never sleeps: it records the delay, moves ``clock`` forward by it,
    then runs ``then(n)`` after the n-th call (when given).

    ``calls`` lists the delays asked for. Past ``limit`` calls it raises ``RuntimeError``, so a
    loop that waits forever fails fast instead.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, clock: FakeClock | None = None, then: Callable[[int], None] | None = None,
                 limit: int = 1000):
        self.clock = clock
        self.then = then
        self.limit = limit
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        if type(seconds) not in (int, float) or seconds != seconds:
            raise TypeError(f"sleep() takes a number of seconds, got {seconds!r}")
        if seconds < 0:
            raise ValueError(f"sleep length must be non-negative, got {seconds!r}")
        self.calls.append(seconds)
        if len(self.calls) > self.limit:
            raise RuntimeError(f"sleep was called more than {self.limit} times: a loop that never ends?")
        if self.clock is not None:
            self.clock.advance(seconds)
        if self.then is not None:
            self.then(len(self.calls))

    @property
    def total(self) -> float:
        return sum(self.calls)


class RetryBudget:
    """A retry budget shared by many calls: retries may be at most ``ratio`` of the calls, plus
    a reserve of ``max_tokens`` for quiet times.

    The balance starts full at ``max_tokens``. ``deposit()`` (once per call, first attempts and
    all) adds ``ratio`` of a token, never above ``max_tokens``; ``withdraw()`` (once per retry)
    spends one whole token and returns True, or returns False when less than one is left. Under
    a long outage the reserve runs out and then about one retry per ``1 / ratio`` calls passes:
    the retries add at most ``ratio`` to the load (Finagle's retry budget and the Google SRE
    book's "retries below 10 % of requests" work this way; gRPC and the AWS SDKs use similar
    token buckets). Balances are kept in integer thousandths of a token, so ten deposits of
    0.1 make exactly one token.
    """

    __remote_methods__ = ("deposit", "withdraw")

    def __init__(self, ratio: float = 0.1, max_tokens: float = 10):
        if not 0 <= ratio <= 1 or not max_tokens >= 1:
            raise ValueError("ratio must be in [0, 1] and max_tokens at least 1")
        self.ratio_milli = round(ratio * 1000)
        self.max_milli = round(max_tokens * 1000)
        self.milli = self.max_milli
        self.deposits = 0
        self.withdrawals = 0        # granted
        self.refusals = 0
        self._lock = threading.Lock()

    @property
    def tokens(self) -> float:
        return self.milli / 1000

    def deposit(self) -> None:
        with self._lock:
            self.deposits += 1
            self.milli = min(self.max_milli, self.milli + self.ratio_milli)

    def withdraw(self) -> bool:
        with self._lock:
            if self.milli >= 1000:
                self.milli -= 1000
                self.withdrawals += 1
                return True
            self.refusals += 1
            return False

    def __repr__(self) -> str:
        return f"RetryBudget(tokens={self.tokens:g})"


class Script:
    """A dependency that answers from a script, one entry per call.

    Each entry is a value to return or an exception (instance or class) to raise; after the
    script runs out, ``then`` answers every call (same rules). ``calls`` counts the calls and
    ``times`` records ``clock()`` at each (when a clock is given). Builtin exceptions cross the
    grading boundary as themselves, so scripts raise builtin ones (``ConnectionError``, ...).

    >>> s = Script([ConnectionError("down"), "ok"])
    >>> s()
    Traceback (most recent call last):
    ConnectionError: down
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, answers: Sequence[Any] = (), then: Any = None, clock: Callable[[], float] | None = None):
        self.answers = deque(answers)
        self.then = then
        self.clock = clock
        self.calls = 0
        self.args: list[tuple] = []
        self.times: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, *args):
        with self._lock:
            self.calls += 1
            self.args.append(args)
            if self.clock is not None:
                self.times.append(self.clock())
            answer = self.answers.popleft() if self.answers else self.then
        if isinstance(answer, BaseException) or (isinstance(answer, type) and issubclass(answer, BaseException)):
            raise answer
        return answer


class Blocker:
    """A slow dependency: every call blocks until :meth:`release`, then returns ``result`` (or raises
    ``error`` when given); a call never released fails with ``TimeoutError`` after ``timeout`` s.

    ``wait_entered(n)`` waits until ``n`` calls are inside (so a test knows the slow calls hold
    their slots before it tries another); ``calls`` counts them. Nothing sleeps: the calls wait
    on an event the test sets. ``timeout`` only bounds a test whose code under test is wrong.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, result: Any = "slow answer", error: BaseException | None = None, timeout: float = 8.0):
        self.result = result
        self.error = error
        self.timeout = timeout
        self.calls = 0
        self.inside = 0
        self._released = threading.Event()
        self._changed = threading.Condition()

    def __call__(self, *args):
        with self._changed:
            self.calls += 1
            self.inside += 1
            self._changed.notify_all()
        try:
            if not self._released.wait(self.timeout):
                raise TimeoutError("the slow call was never released")
            if self.error is not None:
                raise self.error
            return self.result
        finally:
            with self._changed:
                self.inside -= 1
                self._changed.notify_all()

    def wait_entered(self, n: int, timeout: float = 5.0) -> bool:
        """True once ``n`` calls have entered (False after ``timeout`` seconds)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.calls >= n, timeout)

    def release(self) -> None:
        self._released.set()


class Worker:
    """A call running on its own thread: ``join()`` waits for it; then ``result`` or ``error``."""

    def __init__(self, fn: Callable, args: tuple, kwargs: dict):
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(fn, args, kwargs), daemon=True)
        self.thread.start()

    def _run(self, fn, args, kwargs):
        try:
            self.result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
        finally:
            self.done.set()

    def join(self, timeout: float = 5.0) -> bool:
        """True if the call has finished (waits up to ``timeout`` seconds)."""
        return self.done.wait(timeout)


def in_thread(fn: Callable, *args, **kwargs) -> Worker:
    """Start ``fn(*args, **kwargs)`` on a new thread and return its :class:`Worker`."""
    return Worker(fn, args, kwargs)


def error_name(exc: BaseException | None) -> str:
    """The name of an exception's class as the student wrote it (under grading: the class the
    grader re-raised, or the student's own class name)."""
    if exc is None:
        return "no exception"
    return getattr(exc, "student_type", None) or type(exc).__name__


# -- backoff (the blog's four formulas; the simulations' own copy) -------------------------------------
def _delays(strategy: str, base: float, cap: float, rng: random.Random):
    """An endless generator of backoff delays (the n-th retry uses n = 0, 1, 2, ...)."""
    previous = base
    ceiling = min(cap, base)          # min(cap, base * 2 ** n), doubled step by step: no overflow
    while True:
        if strategy == "none":
            yield ceiling
        elif strategy == "full":
            yield rng.uniform(0, ceiling)
        elif strategy == "equal":
            yield ceiling / 2 + rng.uniform(0, ceiling / 2)
        elif strategy == "decorrelated":
            previous = min(cap, rng.uniform(base, previous * 3))
            yield previous
        elif strategy == "zero":
            yield 0.0
        else:
            raise ValueError(f"unknown strategy {strategy!r}")
        ceiling = min(cap, ceiling * 2)


# -- the AWS Architecture Blog's OCC contention model ----------------------------------------------------
@dataclass
class OccResult:
    strategy: str
    clients: int
    calls: float                 # write attempts per run (the blog's "work"), averaged over runs
    completion_ms: float         # time until the last client succeeded, averaged over runs
    write_times: list[float] = field(default_factory=list)   # every write attempt of the first run (ms)


def occ_contention(strategy: str, clients: int, runs: int = 20, seed: int = 0, base: float = 5.0,
                   cap: float = 2000.0, net_mean: float = 10.0, net_sd: float = 2.0) -> OccResult:
    """N clients start together and each updates one row once, with optimistic concurrency.

    A client reads the row's version, then writes "version + 1 if the version is still v". The
    first write of a round wins; every other write fails, and its client sleeps a backoff
    (``strategy``: "zero" for no backoff at all, or one of :data:`STRATEGIES`) and starts over
    with a new read. Each message crosses the network in ``|Normal(net_mean, net_sd)|``
    milliseconds. This is the model of Marc Brooker's "Exponential Backoff And Jitter" (AWS
    Architecture Blog, 2015): network delay mean 10 ms, standard deviation 2 ms; base 5 ms,
    cap 2 s. Returns the average over ``runs`` seeded runs.
    """
    rng = random.Random(f"occ:{strategy}:{clients}:{seed}")
    total_calls = total_time = 0.0
    first_writes: list[float] = []
    for run in range(runs):
        version = 0
        writes = []
        events: list = []
        seq = 0
        backoffs = [_delays(strategy, base, cap, rng) for _ in range(clients)]

        def delay() -> float:
            return abs(rng.normalvariate(net_mean, net_sd))

        for c in range(clients):     # every client starts at 0 with a read
            events.append((delay(), seq, c, "read", None))
            seq += 1
        heapq.heapify(events)
        now = 0.0
        while events:
            now, _, c, kind, payload = heapq.heappop(events)
            if kind == "read":                 # the server reads the version; the reply travels back
                heapq.heappush(events, (now + delay(), seq, c, "read_reply", version))
            elif kind == "read_reply":         # the client sends its conditional write
                heapq.heappush(events, (now + delay(), seq, c, "write", payload))
            elif kind == "write":
                writes.append(now)
                ok = payload == version
                if ok:
                    version += 1
                heapq.heappush(events, (now + delay(), seq, c, "write_reply", ok))
            elif kind == "write_reply" and not payload:   # lost the race: back off, read again
                heapq.heappush(events, (now + delay() + next(backoffs[c]), seq, c, "read", None))
            seq += 1
        total_calls += len(writes)
        total_time += now
        if run == 0:
            first_writes = writes
    return OccResult(strategy, clients, total_calls / runs, total_time / runs, first_writes)


# -- retry storms ---------------------------------------------------------------------------------------------
@dataclass
class StormResult:
    seconds: list[int]
    user_requests: list[int]       # user requests started per second
    db_attempts: list[int]         # attempts that reached the database per second
    db_served: list[int]           # of those, served (capacity left and no outage)
    user_ok: list[int]             # user requests that finally succeeded, per second they finished
    amplification: float           # db attempts / user requests during the outage
    recovered_at: float | None     # first second after the outage with db attempts <= capacity, or None


def retry_storm(layers: int = 3, attempts: int = 3, jitter: str = "full", outage: float = 10.0,
                budget: float | None = None, rate: float = 20.0, capacity: float = 40.0,
                duration: float = 60.0, outage_start: float = 5.0, base: float = 0.1, cap: float = 2.0,
                hop: float = 0.005, db_latency: float = 0.02, seed: int = 0) -> StormResult:
    """User requests through ``layers`` services, each making up to ``attempts`` attempts.

    Requests arrive evenly, ``rate`` per second, for ``duration`` seconds. The
    last layer calls a database that serves at most ``capacity`` attempts per second (the
    rest fail at once: overloaded) and serves none during the outage. A failed attempt is
    retried after a backoff (``jitter``: "none" or "full", base ``base``, cap ``cap``) while
    the layer has attempts left and, with ``budget`` (a ratio such as 0.1), while its
    :class:`RetryBudget` (that ratio, a reserve of 10) allows. A discrete-event simulation:
    events run in time order across all requests; the jitter is seeded. Simplifications: every
    hop takes ``hop`` seconds, the database ``db_latency``, overload fails fast instead of
    slowing down, and arrivals are evenly spaced (no burst of their own).
    """
    rng = random.Random(f"storm:{seed}")
    budgets = [RetryBudget(budget, 10) if budget is not None else None for _ in range(layers)]
    used: dict[int, int] = {}                  # database attempts per second
    n = int(duration) + 30
    user_requests, db_attempts, db_served, user_ok = [0] * n, [0] * n, [0] * n, [0] * n
    events: list = []
    seq = 0

    def push(t, kind, call, ok=None):
        nonlocal seq
        heapq.heappush(events, (t, seq, kind, call, ok))
        seq += 1

    for i in range(int(duration * rate)):        # evenly spaced arrivals: the load is exactly `rate`
        t = (i + 0.5) / rate
        user_requests[int(t)] += 1
        push(t, "arrive", {"layer": 0, "tries": 0, "parent": None, "born": t,
                           "backoff": _delays(jitter, base, cap, rng)})
    while events:
        now, _, kind, call, ok = heapq.heappop(events)
        if kind == "arrive":                      # a layer receives a call and makes its first attempt
            if budgets[call["layer"]] is not None:
                budgets[call["layer"]].deposit()
            kind = "attempt"
        if kind == "attempt":
            call["tries"] += 1
            if call["layer"] == layers - 1:       # the database
                second = int(now)
                db_attempts[second] += 1
                served = not (outage_start <= now < outage_start + outage) and used.get(second, 0) < capacity
                if served:
                    used[second] = used.get(second, 0) + 1
                    db_served[second] += 1
                push(now + db_latency, "reply", call, served)
            else:
                child = {"layer": call["layer"] + 1, "tries": 0, "parent": call, "born": now,
                         "backoff": _delays(jitter, base, cap, rng)}
                push(now + hop, "arrive", child)
        elif kind == "reply":                     # the outcome of one attempt of `call`
            budget_ok = ok or budgets[call["layer"]] is None or call["tries"] >= attempts \
                or budgets[call["layer"]].withdraw()
            if not ok and call["tries"] < attempts and budget_ok:
                push(now + next(call["backoff"]), "attempt", call)
            else:                                 # done: success, or out of attempts or budget
                parent = call["parent"]
                if parent is None:
                    if ok:
                        user_ok[min(int(now), n - 1)] += 1
                else:
                    push(now + hop, "reply", parent, ok)
    seconds = list(range(n))
    during = range(int(outage_start), int(outage_start + outage))
    users = sum(user_requests[s] for s in during)
    amplification = sum(db_attempts[s] for s in during) / users if users else 0.0
    recovered = next((s for s in range(int(math.ceil(outage_start + outage)), int(duration))
                      if db_attempts[s] <= capacity and all(db_attempts[u] <= capacity
                                                            for u in range(s, int(duration)))), None)
    return StormResult(seconds, user_requests, db_attempts, db_served, user_ok, amplification, recovered)


# -- bulkheads ------------------------------------------------------------------------------------------------------
@dataclass
class PoolResult:
    seconds: list[int]
    ok: dict[str, list[int]]          # requests answered in time, per dependency, per second
    failed: dict[str, list[int]]      # requests that waited more than max_wait for a thread
    busy: dict[str, list[float]]      # average threads held per dependency, per second


def bulkhead_simulation(limits: dict[str, int] | None, threads: int = 20,
                        rates: dict[str, float] | None = None, latency: dict[str, float] | None = None,
                        slow: tuple[str, float, float, float] = ("payments", 10.0, 10.0, 40.0),
                        max_wait: float = 1.0, duration: float = 60.0, seed: int = 0) -> PoolResult:
    """A server with ``threads`` worker threads handling calls to several dependencies.

    Each request needs a thread for as long as its dependency takes. With ``limits`` (a
    bulkhead) a dependency may hold at most ``limits[d]`` threads; ``None`` means one shared
    pool. A request that cannot get a thread within ``max_wait`` seconds fails (its client
    gave up). ``slow = (dependency, latency, start, end)``: between ``start`` and ``end``
    that dependency answers in ``latency`` seconds (it hangs until its timeout). Requests
    wait in one FIFO queue per dependency; a freed thread goes to the oldest waiting request
    whose dependency is under its limit. Poisson arrivals, exponential service times, seeded.
    """
    rates = rates or {"search": 60.0, "payments": 20.0}
    latency = latency or {"search": 0.05, "payments": 0.1}
    names = list(rates)
    cap = {d: (limits[d] if limits is not None else threads) for d in names}
    rng = random.Random(f"bulkhead:{seed}")
    n = int(duration) + 1
    ok = {d: [0] * n for d in names}
    failed = {d: [0] * n for d in names}
    busy_time = {d: [0.0] * n for d in names}
    events: list = []
    seq = 0
    for d in names:
        t = 0.0
        while True:
            t += rng.expovariate(rates[d])
            if t >= duration:
                break
            events.append((t, seq, "arrive", d))
            seq += 1
    heapq.heapify(events)
    queues = {d: deque() for d in names}
    active = {d: 0 for d in names}
    free = threads

    def account(d, start, end):
        s = start
        while s < end and s < duration:
            second = int(s)
            upto = min(end, second + 1.0)
            busy_time[d][second] += upto - s
            s = upto

    def start(d, now):
        nonlocal free, seq
        free -= 1
        active[d] += 1
        name, slow_latency, begin, end = slow
        mean = slow_latency if d == name and begin <= now < end else latency[d]
        took = mean if d == name and begin <= now < end else rng.expovariate(1 / mean)
        account(d, now, now + took)
        heapq.heappush(events, (now + took, seq, "done", d))
        seq += 1

    def dispatch(now):
        while free > 0:
            # expire requests that waited too long, then take the oldest eligible one
            for d in names:
                while queues[d] and now - queues[d][0] > max_wait:
                    failed[d][int(queues[d].popleft())] += 1
            ready = [(queues[d][0], d) for d in names if queues[d] and active[d] < cap[d]]
            if not ready:
                return
            born, d = min(ready)
            queues[d].popleft()
            ok[d][int(born)] += 1        # it got a thread in time; it will be answered
            start(d, now)

    while events:
        now, _, kind, d = heapq.heappop(events)
        if kind == "arrive":
            queues[d].append(now)
        else:
            free += 1
            active[d] -= 1
        dispatch(now)
    for d in names:                      # whatever still waits at the end has waited too long
        for born in queues[d]:
            failed[d][int(born)] += 1
    return PoolResult(list(range(n)), ok, failed, {d: busy_time[d] for d in names})


# -- load shedding --------------------------------------------------------------------------------------------------
@dataclass
class ShedResult:
    seconds: list[int]
    arrivals: list[int]
    goodput: list[int]         # answered before the client's timeout, per second of answer
    late: list[int]            # answered after the client had given up (wasted work)
    shed: list[int]            # dropped by the server without doing the work
    goodput_by_priority: dict[int, list[int]]
    arrivals_by_priority: dict[int, list[int]] = field(default_factory=dict)


def shedding_simulation(policy: str = "none", surge: float = 1.5, capacity: float = 100.0,
                        base_rate: float = 80.0, surge_start: float = 10.0, surge_end: float = 30.0,
                        timeout: float = 1.0, max_wait: float | None = None, duration: float = 60.0,
                        critical: float = 0.3, queue_limit: int = 10_000, seed: int = 0) -> ShedResult:
    """One worker serving ``capacity`` requests per second (fixed service time) from a queue.

    Requests arrive at ``base_rate`` per second, ``surge`` times that between ``surge_start``
    and ``surge_end``; a fraction ``critical`` has priority 1, the rest 0. Each client gives up
    after ``timeout`` seconds, without telling the server. Policies:

    - ``"none"``: FIFO, serve everything (work done for clients who left is wasted);
    - ``"age"``: drop a request that has waited more than ``max_wait`` (default: half the
      client's timeout, leaving time to do the work) instead of serving it;
    - ``"priority"``: as ``"age"``, and serve priority 1 before priority 0.
    """
    max_wait = timeout / 2 if max_wait is None else max_wait
    rng = random.Random(f"shed:{seed}")
    service = 1.0 / capacity
    arrivals_at: list[tuple[float, int]] = []
    t = 0.0
    while True:
        rate = base_rate * (surge if surge_start <= t < surge_end else 1.0)
        t += rng.expovariate(rate)
        if t >= duration:
            break
        arrivals_at.append((t, 1 if rng.random() < critical else 0))
    n = int(duration) + 1
    arrivals, goodput, late, shed = [0] * n, [0] * n, [0] * n, [0] * n
    by_priority = {0: [0] * n, 1: [0] * n}
    sent = {0: [0] * n, 1: [0] * n}
    queues = {0: deque(), 1: deque()}
    i, now = 0, 0.0
    while i < len(arrivals_at) or queues[0] or queues[1]:
        while i < len(arrivals_at) and arrivals_at[i][0] <= now:     # everything that arrived by now
            born, priority = arrivals_at[i]
            arrivals[int(born)] += 1
            sent[priority][int(born)] += 1
            q = queues[priority if policy == "priority" else 0]
            if len(queues[0]) + len(queues[1]) >= queue_limit:
                shed[int(born)] += 1
            else:
                q.append((born, priority))
            i += 1
        order = (1, 0) if policy == "priority" else (0,)
        picked = None
        for p in order:
            q = queues[p]
            while q and policy != "none" and now - q[0][0] > max_wait:
                shed[min(int(now), n - 1)] += 1
                q.popleft()
            if q:
                picked = q.popleft()
                break
        if picked is None:
            if i >= len(arrivals_at):
                break
            now = max(now, arrivals_at[i][0])       # idle until the next arrival
            continue
        now += service
        born, priority = picked
        second = min(int(now), n - 1)
        if now - born <= timeout:
            goodput[second] += 1
            by_priority[priority][second] += 1
        else:
            late[second] += 1
    return ShedResult(list(range(n)), arrivals, goodput, late, shed, by_priority, sent)


# -- circuit breakers ---------------------------------------------------------------------------------------------
@dataclass
class BreakerTimeline:
    times: list[float]
    states: list[str]           # the breaker's state just before each call
    outcomes: list[str]         # "ok", "failed" (the dependency was called and failed) or "rejected"


def breaker_timeline(make_breaker: Callable[[FakeClock], Any], duration: float = 60.0, rate: float = 10.0,
                     down: tuple[float, float] = (10.0, 30.0)) -> BreakerTimeline | None:
    """Call ``breaker.call(dependency)`` ``rate`` times a second; the dependency fails while
    ``down[0] <= t < down[1]``. ``make_breaker(clock)`` builds the breaker on a FakeClock.
    Returns ``None`` while the breaker is a stub (NotImplementedError)."""
    clock = FakeClock(0.0)
    try:
        breaker = make_breaker(clock)
    except NotImplementedError:
        return None
    start, end = down

    def dependency():
        if start <= clock.now < end:
            raise ConnectionError("dependency down")
        return "ok"

    times, states, outcomes = [], [], []
    for i in range(int(duration * rate)):
        clock.set(i / rate)
        try:
            state = breaker.state
            result = breaker.call(dependency)
        except NotImplementedError:
            return None
        except CircuitOpenError:
            result = "rejected"
        except ConnectionError:
            result = "failed"
        times.append(clock.now)
        states.append(state)
        outcomes.append(result)
    return BreakerTimeline(times, states, outcomes)


def replay_shedder(make_shedder: Callable[[FakeClock], Any], surge: float = 1.5, capacity: float = 100.0,
                   base_rate: float = 80.0, surge_start: float = 10.0, surge_end: float = 30.0,
                   timeout: float = 1.0, duration: float = 60.0, critical: float = 0.3,
                   seed: int = 0) -> ShedResult | None:
    """:func:`shedding_simulation`'s traffic through a load shedder with ``offer(request, priority)``
    and ``next()`` (built by ``make_shedder(clock)`` on a FakeClock). ``None`` while it is a stub."""
    rng = random.Random(f"shed:{seed}")
    service = 1.0 / capacity
    arrivals_at: list[tuple[float, int]] = []
    t = 0.0
    while True:
        rate = base_rate * (surge if surge_start <= t < surge_end else 1.0)
        t += rng.expovariate(rate)
        if t >= duration:
            break
        arrivals_at.append((t, 1 if rng.random() < critical else 0))
    clock = FakeClock(0.0)
    try:
        shedder = make_shedder(clock)
    except NotImplementedError:
        return None
    n = int(duration) + 1
    arrivals, goodput, late, shed = [0] * n, [0] * n, [0] * n, [0] * n
    by_priority = {0: [0] * n, 1: [0] * n}
    sent = {0: [0] * n, 1: [0] * n}
    i, now = 0, 0.0
    try:
        while True:
            while i < len(arrivals_at) and arrivals_at[i][0] <= now:
                born, priority = arrivals_at[i]
                clock.set(born)
                arrivals[int(born)] += 1
                sent[priority][int(born)] += 1
                shedder.offer(i, priority)
                i += 1
            clock.set(now)
            picked = shedder.next()
            if picked is None:
                if i >= len(arrivals_at):
                    break
                now = max(now, arrivals_at[i][0])
                continue
            now += service
            born, priority = arrivals_at[picked]
            second = min(int(now), n - 1)
            if now - born <= timeout:
                goodput[second] += 1
                by_priority[priority][second] += 1
            else:
                late[second] += 1
        for request, _reason in shedder.dropped:
            shed[min(int(arrivals_at[request][0]), n - 1)] += 1
    except NotImplementedError:
        return None
    return ShedResult(list(range(n)), arrivals, goodput, late, shed, by_priority, sent)


# -- a probe: retry() with exception classes built in the student's process ----------------------------------
@in_student
def retry_with(retry: Callable, fn: Callable, retryable_names: Sequence[str], **kwargs) -> Any:
    """``retry(fn, retryable=(...), **kwargs)`` with the builtin exception classes named in
    ``retryable_names`` (classes cannot be passed to student code; names can)."""
    import builtins

    classes = tuple(getattr(builtins, name) for name in retryable_names)
    if not all(isinstance(c, type) and issubclass(c, BaseException) for c in classes):
        raise ValueError(f"not exception classes: {retryable_names!r}")
    return retry(fn, retryable=classes, **kwargs)


# -- charts ---------------------------------------------------------------------------------------------------
COLORS = {"zero": "#7f7f7f", "none": "#d62728", "full": "#2ca02c", "equal": "#ff7f0e", "decorrelated": "#1f77b4"}
LABELS = {"zero": "no backoff", "none": "exponential, no jitter", "full": "full jitter",
          "equal": "equal jitter", "decorrelated": "decorrelated jitter"}


def _axes(rows: int, cols: int = 1, height: float = 2.2, sharex: bool = True, title: str = ""):
    import matplotlib.pyplot as plt

    from .widgets import FIGSIZE, apply_style

    apply_style()
    fig, axes = plt.subplots(rows, cols, figsize=(FIGSIZE[0], height * rows + 0.6), sharex=sharex, squeeze=False)
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig, axes


def plot_occ_summary(results: Sequence[OccResult]) -> None:
    """Two panels, as in the blog: total write calls and completion time, against the number of clients."""
    fig, axes = _axes(1, 2, height=3.0, sharex=False, title="N clients updating one row (OCC): work and time")
    for strategy in LABELS:
        rows = sorted((r.clients, r.calls, r.completion_ms) for r in results if r.strategy == strategy)
        if not rows:
            continue
        xs = [r[0] for r in rows]
        axes[0][0].plot(xs, [r[1] for r in rows], marker=".", color=COLORS[strategy], label=LABELS[strategy])
        axes[0][1].plot(xs, [r[2] / 1000 for r in rows], marker=".", color=COLORS[strategy], label=LABELS[strategy])
    axes[0][0].set(title="work: write calls", xlabel="clients", ylabel="calls (mean of runs)")
    axes[0][1].set(title="time until the last client succeeds", xlabel="clients", ylabel="seconds", yscale="log")
    axes[0][0].legend(fontsize=7)
    fig.tight_layout()


def plot_occ_timeline(results: Sequence[OccResult], horizon_ms: float = 6000.0) -> None:
    """Write attempts over time (one run), one panel per strategy: the clusters of lock-step retries."""
    fig, axes = _axes(len(results), height=1.15, title=f"{results[0].clients} clients: write attempts per 50 ms")
    bins = [i * 50.0 for i in range(int(horizon_ms / 50) + 1)]
    for ax, r in zip(axes[:, 0], results):
        ax.hist([t for t in r.write_times if t < horizon_ms], bins=bins, color=COLORS[r.strategy])
        ax.text(0.99, 0.8, f"{LABELS[r.strategy]}: {len(r.write_times)} writes, done at {max(r.write_times) / 1000:.1f} s",
                transform=ax.transAxes, ha="right", fontsize=8)
        ax.set_yticks([])
    axes[-1][0].set_xlabel("time (ms)")
    fig.tight_layout()


def plot_storm(result: StormResult, capacity: float, outage_start: float, outage: float, title: str) -> None:
    """Database attempts and user successes per second, with the capacity and the outage marked."""
    fig, axes = _axes(2, height=2.0, title=title)
    top, bottom = axes[0][0], axes[1][0]
    xs = result.seconds
    top.plot(xs, result.db_attempts, color="#d62728", label="attempts at the database")
    top.plot(xs, result.user_requests, color="#1f77b4", label="user requests")
    top.axhline(capacity, color="black", linestyle="--", linewidth=1, label=f"capacity {capacity:g}/s")
    top.set_ylabel("per second")
    top.legend(fontsize=7, loc="upper right")
    bottom.plot(xs, result.user_ok, color="#2ca02c", label="user requests that succeeded")
    bottom.set_ylabel("per second")
    bottom.set_xlabel("time (s)")
    bottom.legend(fontsize=7, loc="upper right")
    for ax in (top, bottom):
        ax.axvspan(outage_start, outage_start + outage, color="#d62728", alpha=0.08)
        ax.set_xlim(0, max(xs))
    fig.tight_layout()


def plot_pool(result: PoolResult, title: str, slow: tuple[float, float] = (10.0, 40.0)) -> None:
    """Per dependency: requests that got a thread in time and those that gave up; threads held."""
    names = list(result.ok)
    fig, axes = _axes(len(names) + 1, height=1.5, title=title)
    for ax, d in zip(axes[:, 0], names):
        ax.plot(result.seconds, result.ok[d], color="#2ca02c", label="got a thread")
        ax.plot(result.seconds, result.failed[d], color="#d62728", label="gave up waiting")
        ax.set_ylabel(d, fontsize=8)
        ax.legend(fontsize=7, loc="upper right")
    ax = axes[-1][0]
    ax.stackplot(result.seconds, *[result.busy[d] for d in names], labels=names, alpha=0.7)
    ax.set_ylabel("threads held", fontsize=8)
    ax.set_xlabel("time (s)")
    ax.legend(fontsize=7, loc="upper right")
    for a in axes[:, 0]:
        a.axvspan(*slow, color="#d62728", alpha=0.06)
    fig.tight_layout()


def plot_shedding(results: dict[str, ShedResult], capacity: float, title: str) -> None:
    """Goodput (answers in time) per second for each policy, against arrivals and capacity."""
    from .widgets import new_axes

    fig, ax = new_axes(title, "time (s)", "per second")
    first = next(iter(results.values()))
    ax.plot(first.seconds, first.arrivals, color="#7f7f7f", linewidth=1, label="arrivals")
    ax.axhline(capacity, color="black", linestyle="--", linewidth=1, label=f"capacity {capacity:g}/s")
    colors = {"none": "#d62728", "age": "#2ca02c", "priority": "#1f77b4"}
    for name, r in results.items():
        ax.plot(r.seconds, r.goodput, color=colors.get(name, "#9467bd"),
                label=f"goodput, {name}: {sum(r.goodput):,} answered in time")
    ax.legend(fontsize=7, loc="upper right")


def plot_breaker(timeline: BreakerTimeline, down: tuple[float, float], title: str) -> None:
    """Each call as a dot: reached the dependency and succeeded, reached it and failed, or refused."""
    from .widgets import new_axes

    fig, ax = new_axes(title, "time (s)", "")
    rows = {"ok": 2, "failed": 1, "rejected": 0}
    colors = {"ok": "#2ca02c", "failed": "#d62728", "rejected": "#7f7f7f"}
    for outcome, y in rows.items():
        xs = [t for t, o in zip(timeline.times, timeline.outcomes) if o == outcome]
        ax.scatter(xs, [y] * len(xs), s=6, color=colors[outcome], label=f"{outcome}: {len(xs)}")
    state_y = {"closed": 3.2, "open": 3.2, "half_open": 3.2}
    state_color = {"closed": "#2ca02c", "open": "#d62728", "half_open": "#ff7f0e"}
    for state in state_y:
        xs = [t for t, s in zip(timeline.times, timeline.states) if s == state]
        ax.scatter(xs, [state_y[state]] * len(xs), s=14, marker="s", color=state_color[state], label=f"state {state}")
    ax.axvspan(*down, color="#d62728", alpha=0.08)
    ax.set_yticks([0, 1, 2, 3.2], ["refused", "failed", "succeeded", "breaker state"])
    ax.set_ylim(-0.5, 3.8)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
