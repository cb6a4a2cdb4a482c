"""Teaching helpers for the queues and streams notebook (10_queues).

**Failure injection and races** (the tests use these; so may the notebook)::

    from course.runtime.queues import Handler, WorkerCrash, dying_client, race

    handler = Handler("A", crash_on=["b"])     # records every call; raises WorkerCrash on "b", once
    queue.process(handler)                       # a worker that dies mid-message, by the test's choice
    handler.done                                 # [(message_id, payload)] whose handler returned

    server = fresh_server()
    client = dying_client(server, after=3)       # its 4th command and every later one fail
    result = race(server, make_call, order=["A", "B"] * 10)    # forced interleaving, one step each

A :class:`Handler` is a grader-side object (``__remote_methods__``): under
grading, student code calls it back, and what it records (who handled what, in
which order) stays in the grader's process. A :func:`dying_client` cuts its
connection after ``after`` commands, counted by the Redis front outside the
client (so also inside pipelines and ``MULTI``): the same crash point in a
student's kernel and under grading.

**Reading Redis as plain data** (what a check trusts): :func:`pending_by_consumer`
(a stream group's pending entries per consumer), :func:`group_consumers`,
:func:`ttls` (every key's PTTL), :func:`entry_order` (sort stream ids), and
:func:`handled_counts` / :func:`trace_text` to report what a race did.

**Simulations and figures**, all seeded, nothing reads a real clock:
:func:`delivery_outcomes` (at-most-once, at-least-once, idempotent),
:func:`mm1_theory` / :func:`simulate_mm1` / :func:`mm1_figure` (queueing delay
near 100 % utilisation), :func:`bounded_outcomes` (block, reject, drop-oldest
under overload), :func:`priority_waits` / :func:`cobham_waits` (strict priority
vs weighted lanes), :func:`moved_partitions` / :func:`key_spread` (rebalances and
hashing), :func:`stream_support` (which stream commands the current Redis backend
answers, and how).
"""
from __future__ import annotations

import itertools
import math
import random
from collections import deque
from typing import Any, Callable, Sequence

import redis as redis_lib

from .interleave import Interleaving
from .probes import ttls  # noqa: F401 - re-exported for the notebook and the tests
from .redis_client import RedisServer, as_text

__all__ = [
    "WorkerCrash", "Handler", "dying_client", "race", "trace_text", "handled_counts", "pending_by_consumer",
    "group_consumers", "entry_order", "ttls", "stream_support", "delivery_outcomes", "mm1_theory",
    "simulate_mm1", "mm1_figure", "bounded_outcomes", "priority_waits", "cobham_waits", "moved_partitions",
    "key_spread",
]


# -- failure injection ----------------------------------------------------------------------------
class WorkerCrash(RuntimeError):
    """A worker dying mid-message, raised by a :class:`Handler` on cue.

    Under grading the student's code sees it as a ``RuntimeError`` (callbacks
    into the grader raise builtin exceptions only); in a kernel it is this class,
    a ``RuntimeError`` too.
    """


class Handler:
    """A message handler that records every call and crashes on cue.

    ``handler(message_id, payload)``: ``payload`` is a queue message's body or a
    stream entry's fields. It raises :class:`WorkerCrash` when the payload (or the
    message id) is in ``crash_on``, the first ``crash_times`` times it sees it
    (``crash_times=None``: every time, a poison message).

    - ``calls``: every ``(message_id, payload)`` it was called with, in order;
    - ``done``: those whose call returned (the effect happened);
    - ``crashed``: those whose call raised.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, name: str = "worker", crash_on: Sequence = (), crash_times: int | None = 1):
        self.name = name
        self.crash_on = list(crash_on)
        self.crash_times = crash_times
        self.calls: list[tuple[Any, Any]] = []
        self.done: list[tuple[Any, Any]] = []
        self.crashed: list[tuple[Any, Any]] = []

    def _should_crash(self, message_id, payload) -> bool:
        if not (payload in self.crash_on or message_id in self.crash_on):
            return False
        if self.crash_times is None:
            return True
        before = sum(1 for m, p in self.crashed if m == message_id or p == payload)
        return before < self.crash_times

    def __call__(self, message_id, payload):
        self.calls.append((message_id, payload))
        if self._should_crash(message_id, payload):
            self.crashed.append((message_id, payload))
            raise WorkerCrash(f"worker {self.name} crashed while handling {payload!r} (a forced crash)")
        self.done.append((message_id, payload))
        return None

    def payloads(self) -> list:
        """The payloads it handled to the end, in order."""
        return [p for _, p in self.done]

    def __repr__(self) -> str:
        return f"Handler({self.name!r}, {len(self.done)} done, {len(self.crashed)} crashed)"


def handled_counts(*handlers: Handler) -> dict:
    """``{payload: times handled to the end}`` over several handlers (payloads must be str)."""
    counts: dict = {}
    for h in handlers:
        for _, payload in h.done:
            counts[payload] = counts.get(payload, 0) + 1
    return counts


_dying_ids = itertools.count(1)


def dying_client(server: RedisServer, after: int, decode_responses: bool = False) -> redis_lib.Redis:
    """A client of ``server`` whose connection dies after ``after`` commands.

    Command ``after + 1`` and every later one get an error reply, as if the
    worker's process had died at that point: nothing it sends afterwards reaches
    Redis. The count is kept by the Redis front (outside the client), so every
    command counts, also inside pipelines and ``MULTI``/``EXEC`` and the commands
    redis-py sends when it connects (``CLIENT SETINFO``), in a kernel and under
    grading alike: sweep ``after`` upwards until the worker finishes.
    """
    from .redis_front import local_front

    after = int(after)
    ep = local_front().endpoint(server.backend, limit=after, key=("dying", id(server.backend), next(_dying_ids)))
    client = redis_lib.Redis(unix_socket_path=ep.path, decode_responses=decode_responses)
    client._course_server = server
    client._course_limit = after
    return client


def race(server: RedisServer, make_call: Callable, order: Sequence[str], actors: Sequence[str] = ("A", "B"),
         decode: Sequence[bool] = (False, True)):
    """One forced interleaving of workers on ``server``.

    ``make_call(actor, client)`` is called once per actor before the race with
    that actor's gated client (actors alternate ``decode_responses`` settings
    from ``decode``) and returns the zero-argument function the actor runs.
    Returns the :class:`~course.runtime.interleave.InterleaveResult`.
    """
    lab = Interleaving(server)
    calls = {name: make_call(name, lab.client(name, decode_responses=decode[i % len(decode)]))
             for i, name in enumerate(actors)}
    return lab.run(calls, order=order)


def trace_text(result, limit: int = 14) -> str:
    """A race's steps, shortened: 'A:EVALSHA B:EVALSHA ...'."""
    steps = [f"{actor}:{command}" for actor, command in result.trace]
    return " ".join(steps[:limit]) + (" ..." if len(steps) > limit else "")


# -- reading Redis as plain data ---------------------------------------------------------------------
def pending_by_consumer(r, stream: str, group: str) -> dict:
    """``{consumer: [entry ids pending for it]}`` of a stream's group (ids in stream order)."""
    out: dict = {}
    for row in r.xpending_range(stream, group, min="-", max="+", count=100_000):
        out.setdefault(as_text(row["consumer"]), []).append(as_text(row["message_id"]))
    return out


def group_consumers(r, stream: str, group: str) -> list:
    """The names of a group's consumers, sorted."""
    return sorted(as_text(c["name"]) for c in r.xinfo_consumers(stream, group))


def entry_order(entry_id: str) -> tuple:
    """A stream entry id ``"ms-seq"`` as a sortable ``(ms, seq)``."""
    ms, _, seq = str(entry_id).partition("-")
    return int(ms), int(seq or 0)


# -- what the Redis backend supports ------------------------------------------------------------------
STREAM_COMMANDS = ("XADD", "XLEN", "XRANGE", "XGROUP CREATE", "XREADGROUP >", "XREADGROUP 0", "XPENDING",
                   "XCLAIM", "XAUTOCLAIM", "XACK", "XINFO CONSUMERS", "XGROUP DELCONSUMER", "XTRIM")


def stream_support(r) -> list[tuple[str, str]]:
    """``[(command, what this backend answered)]`` for the stream commands the chapter uses.

    Runs on an empty server (``make_redis()``): a stream of 3 entries, a group,
    two consumers. A command the backend lacks shows ``"unsupported: ..."``.
    """
    rows: list[tuple[str, str]] = []

    def attempt(name, fn):
        try:
            rows.append((name, fn()))
        except redis_lib.ResponseError as exc:
            rows.append((name, f"unsupported: {exc}"))

    ids: list = []
    attempt("XADD", lambda: (ids.extend(r.xadd("s", {"n": i}) for i in range(3)), f"{len(ids)} entries added")[1])
    attempt("XLEN", lambda: f"length {r.xlen('s')}")
    attempt("XRANGE", lambda: f"{len(r.xrange('s'))} entries, oldest first")
    attempt("XGROUP CREATE", lambda: f"group created: {r.xgroup_create('s', 'g', id='0')}")
    attempt("XREADGROUP >", lambda: f"{len(r.xreadgroup('g', 'c1', {'s': '>'}, count=2)[0][1])} new entries for c1")
    attempt("XREADGROUP 0", lambda: f"{len(r.xreadgroup('g', 'c1', {'s': '0'})[0][1])} entries pending for c1")
    attempt("XPENDING", lambda: "pending per consumer: " + str({as_text(c["name"]): c["pending"]
                                                                 for c in r.xpending("s", "g")["consumers"]}))
    attempt("XCLAIM", lambda: f"claimed {len(r.xclaim('s', 'g', 'c2', 0, [ids[0]], justid=True))} entry for c2 "
                              "(min-idle-time 0)")
    attempt("XAUTOCLAIM", lambda: f"claimed {len(r.xautoclaim('s', 'g', 'c2', 0, start_id='0-0')[1])} entries "
                                  "idle >= 0 ms for c2")
    attempt("XACK", lambda: f"acknowledged {r.xack('s', 'g', ids[0])}")
    attempt("XINFO CONSUMERS", lambda: "fields " + ", ".join(sorted(r.xinfo_consumers('s', 'g')[0])))
    attempt("XGROUP DELCONSUMER", lambda: f"c1 removed, it had {r.xgroup_delconsumer('s', 'g', 'c1')} pending")
    attempt("XTRIM", lambda: f"trimmed {r.xtrim('s', maxlen=1, approximate=False)} entries")

    def lua_shape():
        r.xadd("t", {"n": 1})
        r.xgroup_create("t", "g", id="0")
        reply = r.eval("return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', KEYS[1], '>')", 1, "t")
        nested = isinstance(reply, list) and len(reply) == 1 and isinstance(reply[0], list)
        return ("one [stream, entries] pair per stream, as in Redis" if nested
                else "a bare [stream, entries] pair: NOT the shape real Redis returns")
    attempt("XREADGROUP inside Lua", lua_shape)
    return rows


# -- delivery semantics ------------------------------------------------------------------------------------
def delivery_outcomes(messages: int = 10_000, crash_rate: float = 0.02, seed: int = 10) -> list[dict]:
    """Lost and duplicated effects of three consumers, each crashing at random points.

    Every attempt to handle a message crashes with probability ``crash_rate`` at a
    point drawn uniformly among the consumer's steps; a crashed attempt is
    redelivered while the message is still unacknowledged. The consumers:

    - ``ack first`` (at-most-once): acknowledge, then apply the effect;
    - ``ack last`` (at-least-once): apply the effect, then acknowledge;
    - ``ack last + dedup`` (at-least-once delivery, effect exactly once): the
      effect and the message's dedup record commit together, then acknowledge.

    Returns one dict per consumer: ``lost``, ``duplicated``, ``deliveries``.
    """
    rng = random.Random(seed)
    plans = {
        "ack first (at-most-once)": ("ack", "effect"),
        "ack last (at-least-once)": ("effect", "ack"),
        "ack last + dedup (effect exactly once)": ("effect+dedup", "ack"),
    }
    rows = []
    for name, steps in plans.items():
        lost = duplicated = deliveries = 0
        for _ in range(messages):
            applied = 0
            acked = False
            seen = False
            while not acked:
                deliveries += 1
                crash_at = rng.randrange(len(steps) + 1) if rng.random() < crash_rate else None
                for i, step in enumerate(steps):
                    if crash_at == i:
                        break
                    if step == "ack":
                        acked = True
                    elif step == "effect":
                        applied += 1
                    elif step == "effect+dedup" and not seen:
                        applied += 1
                        seen = True
                if crash_at is None or crash_at == len(steps):
                    continue
            lost += applied == 0
            duplicated += max(0, applied - 1)
        rows.append({"consumer": name, "lost": lost, "duplicated": duplicated, "deliveries": deliveries})
    return rows


# -- queueing: M/M/1 and Little's law ------------------------------------------------------------------------
def mm1_theory(arrival_rate: float, service_rate: float) -> dict:
    """The M/M/1 formulas (Poisson arrivals, exponential service, one server, FIFO).

    ``rho = lambda / mu``; in the steady state (``rho < 1``): ``W = 1 / (mu - lambda)``
    (time in the system), ``Wq = rho / (mu - lambda)`` (time waiting),
    ``L = rho / (1 - rho)`` (number in the system) and ``Lq = rho**2 / (1 - rho)``;
    ``L = lambda * W`` is Little's law. ``rho >= 1`` has no steady state (inf).
    """
    lam, mu = float(arrival_rate), float(service_rate)
    rho = lam / mu
    if rho >= 1:
        return {"rho": rho, "W": math.inf, "Wq": math.inf, "L": math.inf, "Lq": math.inf}
    return {"rho": rho, "W": 1 / (mu - lam), "Wq": rho / (mu - lam), "L": rho / (1 - rho), "Lq": rho * rho / (1 - rho)}


def simulate_mm1(arrival_rate: float, service_rate: float, jobs: int = 300_000, seed: int = 1,
                 warmup: float = 0.1, path_seconds: float = 30.0) -> dict:
    """A seeded M/M/1 queue, ``jobs`` arrivals long (FIFO, one server).

    Waiting times follow Lindley's recursion, ``Wq[n] = max(0, Wq[n-1] + S[n-1] - A[n])``
    (``S``: service times, ``A``: gaps between arrivals), computed for all jobs at
    once as a running sum minus its running minimum. The first ``warmup`` fraction
    of jobs is dropped (the queue starts empty). Returns ``W`` and ``Wq`` (mean
    time in the system and waiting), ``L`` (the time-average number of jobs in the
    system, integrated from the arrival and departure events over the measured
    span), ``lam`` (the measured arrival rate), and ``path``: ``(times, number in
    system)`` at every event of the first ``path_seconds`` seconds, to draw.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    lam, mu = float(arrival_rate), float(service_rate)
    gaps = rng.exponential(1 / lam, jobs)
    service = rng.exponential(1 / mu, jobs)
    arrivals = np.cumsum(gaps)
    steps = np.empty(jobs)
    steps[0] = 0.0
    steps[1:] = service[:-1] - gaps[1:]
    running = np.cumsum(steps)
    waits = running - np.minimum.accumulate(np.minimum(running, 0.0))
    departures = arrivals + waits + service
    first = int(jobs * warmup)
    t0, t1 = arrivals[first], arrivals[-1]
    times = np.concatenate([arrivals, departures])
    delta = np.concatenate([np.ones(jobs), -np.ones(jobs)])
    order = np.argsort(times, kind="stable")
    times, counts = times[order], np.cumsum(delta[order])
    inside = (times >= t0) & (times <= t1)
    edges = np.concatenate([[t0], times[inside], [t1]])
    levels = np.concatenate([[counts[np.searchsorted(times, t0, side="right") - 1]], counts[inside]])
    area = float(np.sum(levels * np.diff(edges)))
    window = min(int(np.searchsorted(times, path_seconds)), 20_000)
    return {"W": float(np.mean(waits[first:] + service[first:])), "Wq": float(np.mean(waits[first:])),
            "L": area / float(t1 - t0), "lam": (jobs - first - 1) / float(t1 - t0),
            "path": (times[:window].tolist(), counts[:window].astype(int).tolist())}


_SIM_CACHE: dict = {}


def _cached_sim(rho: float, mu: float, jobs: int, seed: int) -> dict:
    key = (round(rho, 4), mu, jobs, seed)
    if key not in _SIM_CACHE:
        _SIM_CACHE[key] = simulate_mm1(rho * mu, mu, jobs=jobs, seed=seed)
    return _SIM_CACHE[key]


def mm1_figure(utilisation: float, service_rate: float = 100.0, jobs: int = 300_000, seed: int = 1):
    """Two panels: W(rho) = 1/(mu - lambda) with seeded simulations next to it, and the queue's
    length over time at the chosen utilisation. Returns ``(fig, axes, theory, simulated)``."""
    import matplotlib.pyplot as plt

    from .widgets import PALETTE, apply_style

    apply_style()
    mu = float(service_rate)
    rho = float(utilisation)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.7), gridspec_kw={"width_ratios": [1.15, 1]})
    grid = [i / 200 for i in range(0, 199)]
    left.plot([r * 100 for r in grid], [1000 / (mu - r * mu) for r in grid], color=PALETTE[0],
              label="theory: W = 1 / (\u03bc \u2212 \u03bb)")
    marks = [0.1, 0.3, 0.5, 0.7, 0.8, 0.9]
    sims = [_cached_sim(r, mu, jobs, seed) for r in marks]
    left.plot([r * 100 for r in marks], [s["W"] * 1000 for s in sims], "o", color=PALETTE[2], markersize=5,
              label=f"simulated ({jobs:,} jobs, seed {seed})")
    theory = mm1_theory(rho * mu, mu)
    sim = _cached_sim(rho, mu, jobs, seed)
    left.plot([rho * 100], [theory["W"] * 1000], "o", color=PALETTE[1], markersize=8, label="chosen \u03c1: theory")
    left.plot([rho * 100], [sim["W"] * 1000], "x", color=PALETTE[1], markersize=9, mew=2, label="chosen \u03c1: simulated")
    top = max(12 * 1000 / mu, 1.15 * max(theory["W"], sim["W"]) * 1000)
    left.set_ylim(0, min(top, 120 * 1000 / mu))
    left.set_xlim(0, 100)
    left.annotate(f"\u03c1 = {rho:.0%}\ntheory {theory['W'] * 1000:,.0f} ms\nsimulated {sim['W'] * 1000:,.0f} ms",
                  (rho * 100, min(theory["W"] * 1000, left.get_ylim()[1] * 0.9)), textcoords="offset points",
                  xytext=(-95, 0), fontsize=8, color=PALETTE[1])
    left.set_title(f"Time in the system, \u03bc = {mu:g} jobs/s")
    left.set_xlabel("utilisation \u03c1 = \u03bb / \u03bc (%)")
    left.set_ylabel("mean time in system W (ms)")
    left.legend(loc="upper left", fontsize=8)
    times, counts = sim["path"]
    right.step(times, counts, where="post", color=PALETTE[0], linewidth=1)
    right.axhline(theory["L"], color=PALETTE[1], linestyle="--", linewidth=1,
                  label=f"theory L = \u03c1/(1\u2212\u03c1) = {theory['L']:.1f}")
    right.set_title(f"Jobs in the system, first {times[-1]:.0f} s" if times else "Jobs in the system")
    right.set_xlabel("time (s)")
    right.set_ylabel("jobs in system")
    right.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig, (left, right), theory, sim


# -- backpressure: bounded queues under overload -------------------------------------------------------------
def bounded_outcomes(policy: str, capacity: int = 50, arrival_rate: float = 120.0, service_rate: float = 100.0,
                     duration: float = 60.0, seed: int = 3) -> dict:
    """One producer, one consumer, a queue of ``capacity`` (``policy``: "block", "reject",
    "drop_oldest" or "unbounded"), Poisson arrivals faster than the exponential service.

    Returns how many items were ``offered`` and ``served`` by ``duration``, how many
    were ``refused`` (reject) or ``dropped`` (drop-oldest), the mean and the worst
    ``wait`` in the queue of the served items (seconds), the ``backlog`` left, and for
    "block" how long the producer was ``stalled`` (its arrivals are delayed instead).
    """
    rng = random.Random(seed)
    lam, mu = float(arrival_rate), float(service_rate)
    queue: deque = deque()
    t = 0.0
    next_arrival = rng.expovariate(lam)
    busy_until = math.inf
    in_service = None
    served = refused = dropped = offered = 0
    waits: list[float] = []
    stalled = 0.0
    blocked_since = None
    while True:
        t = min(next_arrival, busy_until)
        if t > duration:
            break
        if busy_until <= next_arrival:                  # a service completes
            served += 1
            busy_until, in_service = math.inf, None
            if queue:
                arrived = queue.popleft()
                waits.append(t - arrived)
                in_service, busy_until = arrived, t + rng.expovariate(mu)
            if blocked_since is not None:               # a blocked producer gets its slot now
                stalled += t - blocked_since
                queue.append(t)
                blocked_since = None
                next_arrival = t + rng.expovariate(lam)
            continue
        offered += 1                                    # an arrival
        if in_service is None and not queue:
            waits.append(0.0)
            in_service, busy_until = t, t + rng.expovariate(mu)
        elif policy == "unbounded" or len(queue) < capacity:
            queue.append(t)
        elif policy == "reject":
            refused += 1
        elif policy == "drop_oldest":
            queue.popleft()
            dropped += 1
            queue.append(t)
        elif policy == "block":
            blocked_since = t                           # the producer waits for room
            next_arrival = math.inf
            continue
        else:
            raise ValueError(f"unknown policy {policy!r}")
        next_arrival = t + rng.expovariate(lam)
    if blocked_since is not None:
        stalled += duration - blocked_since
    return {"policy": policy, "offered": offered, "served": served, "refused": refused, "dropped": dropped,
            "mean_wait": sum(waits) / max(1, len(waits)), "max_wait": max(waits, default=0.0),
            "backlog": len(queue), "stalled": stalled}


# -- priority lanes ---------------------------------------------------------------------------------------------------
def cobham_waits(rates: Sequence[float], service_rate: float) -> list[float]:
    """Mean waits in the queue, per class, of a non-preemptive priority M/M/1 (class 0 first).

    Cobham's formula: ``Wq_k = W0 / ((1 - s_{k-1}) (1 - s_k))`` with ``s_k`` the
    utilisation of classes 0..k and ``W0 = sum(lambda_i E[S^2]) / 2 = rho / mu``
    for exponential service of rate ``mu``.
    """
    mu = float(service_rate)
    rho = sum(rates) / mu
    w0 = rho / mu
    out, below = [], 0.0
    for lam in rates:
        upto = below + lam / mu
        out.append(math.inf if upto >= 1 else w0 / ((1 - below) * (1 - upto)))
        below = upto
    return out


def priority_waits(strategy: str, rates: Sequence[float] = (80.0, 15.0), service_rate: float = 100.0,
                   weights: Sequence[int] = (3, 1), jobs: int = 60_000, seed: int = 5) -> dict:
    """Mean and 99th-percentile waits per lane of one worker serving two lanes (0 = high).

    ``strategy``: "fifo" (one lane, arrival order), "strict" (always the high lane
    first: the low lane waits for a moment when the high lane is empty) or
    "weighted" (up to ``weights[0]`` high jobs, then ``weights[1]`` low ones, while
    both wait: no lane starves). Non-preemptive, exponential service, Poisson arrivals.
    """
    rng = random.Random(seed)
    mu = float(service_rate)
    arrivals = []
    for lane, lam in enumerate(rates):
        t = 0.0
        for _ in range(int(jobs * lam / sum(rates))):
            t += rng.expovariate(lam)
            arrivals.append((t, lane))
    arrivals.sort()
    lanes: list[deque] = [deque(), deque()]
    waits: list[list[float]] = [[], []]
    credit = [weights[0], weights[1]]
    i, now = 0, 0.0
    fifo: deque = deque()
    while i < len(arrivals) or lanes[0] or lanes[1] or fifo:
        if not (lanes[0] or lanes[1] or fifo):
            now = max(now, arrivals[i][0])
        while i < len(arrivals) and arrivals[i][0] <= now:
            t, lane = arrivals[i]
            (fifo if strategy == "fifo" else lanes[lane]).append((t, lane))
            i += 1
        if strategy == "fifo":
            t, lane = fifo.popleft()
        elif strategy == "strict":
            lane = 0 if lanes[0] else 1
            t, _ = lanes[lane].popleft()
        elif strategy == "weighted":
            if lanes[0] and lanes[1]:
                if credit[0] == 0 and credit[1] == 0:
                    credit = [weights[0], weights[1]]
                lane = 0 if credit[0] > 0 else 1
                credit[lane] -= 1
            else:
                lane = 0 if lanes[0] else 1
            t, _ = lanes[lane].popleft()
        else:
            raise ValueError(f"unknown strategy {strategy!r}")
        waits[lane].append(now - t)
        now += rng.expovariate(mu)

    def p99(values):
        s = sorted(values)
        return s[min(len(s) - 1, int(0.99 * len(s)))] if s else 0.0

    return {"strategy": strategy, "mean": [sum(w) / max(1, len(w)) for w in waits], "p99": [p99(w) for w in waits]}


# -- partitions -------------------------------------------------------------------------------------------------
def moved_partitions(before: dict, after: dict) -> int:
    """How many partitions changed owner between two assignments ``{member: [partitions]}``."""
    owner_before = {p: m for m, ps in before.items() for p in ps}
    owner_after = {p: m for m, ps in after.items() for p in ps}
    return sum(1 for p, m in owner_after.items() if owner_before.get(p) != m)


def key_spread(partition_of: Callable[[str], int], keys: Sequence[str], partitions: int) -> list[int]:
    """How many of ``keys`` land in each partition."""
    counts = [0] * partitions
    for k in keys:
        counts[partition_of(k)] += 1
    return counts
