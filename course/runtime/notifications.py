"""Teaching helpers and grader-side fakes for the notifications notebook (14_notifications).

**Fakes of what sits around a notification service** (grader-side: each declares
``__remote_methods__``, so under grading student code may call those methods and
nothing else, and what they record stays in the grader's process)::

    from course.runtime.notifications import Dedup, Limiter, Provider, SeededRandom, sends

    clock, log = FakeClock(T0), []
    fcm = Provider("fcm", clock, log=log, down=[(T0 + 60, T0 + 600)])   # 503s for nine minutes
    apns = Provider("apns", clock, log=log, invalid={"stale-token"})    # 410 Unregistered for one token
    fcm.send({"id": "n1", "to": "token-1", "text": "hi"})               # "fcm-1": a receipt
    sends(log)        # [(T0, "fcm", "n1", "sent")]: every attempt, failed ones too, in order
    limiter = Limiter(clock, capacity=3, per=3600)    # the chapter-04 contract: allow(key) -> bool
    dedup = Dedup(clock, window=3600)                 # exercise 2's contract: first_seen(user, key) -> bool
    rng = SeededRandom(7)                             # a random.Random that counts its draws

A :class:`Provider` stands for one delivery provider (FCM, APNs, an SMS gateway,
an e-mail API). ``send(message)`` takes exactly ``{"id", "to", "text"}`` and
fails on cue: ``ConnectionError`` while it is ``down`` (a 503), ``TimeoutError``
for the first few sends of a ``flaky`` notification, ``ValueError`` for an
``invalid`` address (FCM's ``UNREGISTERED``, APNs' 410: retrying cannot help).
Every call is recorded in ``log`` (a list several providers may share, so it
holds one global order), with the injected clock's time and the outcome.

:class:`Limiter` (a token bucket per key, on the injected clock) and
:class:`Dedup` (a first-seen window per ``(user, key)``) record every call, so a
test sees which were asked, in which order, with which keys.

**Redis on the injected clock**: :func:`expire_keys` deletes every key whose TTL
would have run out after ``seconds`` (what Redis does on its own clock, which a
``FakeClock`` does not move).

**Driving a service through a day**: :func:`run_day` submits scripted
notifications at their times and runs the worker (``dispatch``) on a tick
whenever something is due, using only the service's public methods.

**Numbers and figures**, deterministic: :func:`at` / :func:`local_text` (UTC
instants and their local wall-clock reading), :func:`lane_simulation` and
:func:`lanes_figure` (an OTP behind a marketing blast, FIFO / strict / weighted),
:func:`campaign_figure` (a campaign across time zones with quiet hours),
:func:`delivery_report` (what the providers' logs say about a day).
"""
from __future__ import annotations

import math
import random
from collections import Counter, deque
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from .redis_client import as_text
from .resilience import SeededRandom

__all__ = [
    "Provider", "Limiter", "Dedup", "SeededRandom", "sends", "expire_keys", "run_day", "at", "local_text",
    "lane_simulation", "lanes_figure", "campaign_figure", "delivery_report",
]

MESSAGE_KEYS = ("id", "to", "text")


def _plain_message(message: Any) -> dict:
    """``message`` checked to be exactly ``{"id": str, "to": str, "text": str}`` (a copy), else TypeError."""
    if type(message) is not dict:
        raise TypeError(f"send() takes one dict {{'id', 'to', 'text'}}, got {type(message).__name__}")
    if sorted(message) != sorted(MESSAGE_KEYS):
        raise TypeError(f"send(): the message must have exactly the keys 'id', 'to' and 'text', "
                        f"got {sorted(map(str, message))}")
    bad = [k for k in MESSAGE_KEYS if type(message[k]) is not str]
    if bad:
        raise TypeError(f"send(): {', '.join(bad)} should be str, got "
                        + ", ".join(f"{k}={message[k]!r}" for k in bad))
    return dict(message)


# -- grader-side fakes --------------------------------------------------------------------------------
class Provider:
    """One delivery provider. Student code may only call ``send``.

    ``send(message)``, ``message = {"id": str, "to": str, "text": str}``, at
    ``t = clock()``:

    - while ``t`` is in one of the ``down`` intervals ``[start, end)``: raises
      ``ConnectionError`` (the provider answers 503 or not at all);
    - for an address in ``invalid``: raises ``ValueError`` (FCM ``UNREGISTERED``,
      APNs 410, an SMTP 5xx: permanent, retrying cannot help);
    - for a notification id in ``flaky`` (``{id: n}``): its first ``n`` sends raise
      ``TimeoutError`` (transient);
    - otherwise the message is sent and ``send`` returns a receipt, ``"<name>-<n>"``.

    Every call, failed ones included, is appended to ``log`` as a dict
    ``{"t", "provider", "id", "to", "text", "outcome"}`` with ``outcome`` one of
    ``"sent"``, ``"unavailable"``, ``"timeout"``, ``"invalid"``. Several providers
    may share one ``log`` list: it then holds their calls in one global order.
    A message of another shape raises ``TypeError`` and is recorded nowhere.
    """

    __remote_methods__ = ("send",)

    def __init__(self, name: str, clock: Callable[[], float], down: Iterable[tuple[float, float]] = (),
                 invalid: Iterable[str] = (), flaky: dict | None = None, log: list | None = None):
        self.name = name
        self.clock = clock
        self.down = [(float(a), float(b)) for a, b in down]
        self.invalid = set(invalid)
        self.flaky = dict(flaky or {})
        self.log = log if log is not None else []
        self.calls = 0
        self.receipts = 0

    def send(self, message: dict) -> str:
        message = _plain_message(message)
        now = self.clock()
        self.calls += 1
        if any(a <= now < b for a, b in self.down):
            outcome = "unavailable"
        elif message["to"] in self.invalid:
            outcome = "invalid"
        elif self.flaky.get(message["id"], 0) > 0:
            self.flaky[message["id"]] -= 1
            outcome = "timeout"
        else:
            outcome = "sent"
        self.log.append({"t": now, "provider": self.name, **message, "outcome": outcome})
        if outcome == "unavailable":
            raise ConnectionError(f"{self.name} is unavailable (503)")
        if outcome == "invalid":
            raise ValueError(f"{self.name}: {message['to']!r} is not a valid recipient (unregistered)")
        if outcome == "timeout":
            raise TimeoutError(f"{self.name} did not answer in time")
        self.receipts += 1
        return f"{self.name}-{self.receipts}"

    def delivered(self) -> list:
        """``[(t, id)]`` of the messages this provider sent, in order."""
        return [(e["t"], e["id"]) for e in self.log if e["provider"] == self.name and e["outcome"] == "sent"]

    def __repr__(self) -> str:
        return f"Provider({self.name!r}: {self.calls} calls, {self.receipts} sent)"


def sends(log: Sequence[dict], fields: Sequence[str] = ("t", "provider", "id", "outcome")) -> list:
    """The log as tuples of ``fields``, in order (plain data to compare and print)."""
    return [tuple(entry[f] for f in fields) for entry in log]


class Limiter:
    """A rate limiter with the chapter-04 contract, ``allow(key) -> bool``. Student code may only
    call ``allow``.

    A token bucket per key on the injected clock: ``capacity`` tokens, refilled at
    ``capacity / per`` tokens per second (``capacity=math.inf``: never refuses); a key in
    ``refuse`` is always refused. Every call is recorded in ``calls`` as ``(t, key, allowed)``,
    and in ``log`` (a list it may share with a :class:`Dedup`) as ``("limiter", key, allowed)``.
    """

    __remote_methods__ = ("allow",)

    def __init__(self, clock: Callable[[], float], capacity: float = math.inf, per: float = 3600.0,
                 refuse: Iterable[str] = (), log: list | None = None):
        if not capacity > 0 or not per > 0:
            raise ValueError("capacity and per must be positive")
        self.clock = clock
        self.capacity = capacity
        self.rate = capacity / per
        self.refuse = set(refuse)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.calls: list[tuple[float, str, bool]] = []
        self.log = log if log is not None else []

    def allow(self, key: str) -> bool:
        if type(key) is not str:
            raise TypeError(f"allow() takes a str key, got {key!r}")
        now = self.clock()
        if key in self.refuse:
            allowed = False
        elif self.capacity == math.inf:
            allowed = True
        else:
            tokens, last = self.buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            allowed = tokens >= 1
            self.buckets[key] = (tokens - 1 if allowed else tokens, now)
        self.calls.append((now, key, allowed))
        self.log.append(("limiter", key, allowed))
        return allowed

    def keys(self) -> list:
        return [k for _, k, _ in self.calls]

    def __repr__(self) -> str:
        return f"Limiter({len(self.calls)} calls)"


class Dedup:
    """A deduplicator with exercise 2's contract, ``first_seen(user, key) -> bool``. Student code
    may only call ``first_seen``.

    In memory, on the injected clock: ``True`` (and the pair is remembered with the time
    ``t``) unless the pair was remembered at ``t0`` with ``t - t0 < window``. Every call is
    recorded in ``calls`` as ``(t, user, key, answer)``, and in ``log`` (a list it may share
    with a :class:`Limiter`) as ``("dedup", user, key, answer)``.
    """

    __remote_methods__ = ("first_seen",)

    def __init__(self, clock: Callable[[], float], window: float = 3600.0, log: list | None = None):
        self.clock = clock
        self.window = window
        self.seen: dict[tuple, float] = {}
        self.calls: list[tuple[float, Any, Any, bool]] = []
        self.log = log if log is not None else []

    def first_seen(self, user: str, key: str) -> bool:
        if type(user) is not str or type(key) is not str:
            raise TypeError(f"first_seen() takes two str, got {user!r} and {key!r}")
        now = self.clock()
        t0 = self.seen.get((user, key))
        answer = t0 is None or now - t0 >= self.window
        if answer:
            self.seen[(user, key)] = now
        self.calls.append((now, user, key, answer))
        self.log.append(("dedup", user, key, answer))
        return answer

    def __repr__(self) -> str:
        return f"Dedup({len(self.calls)} calls)"


# -- Redis on the injected clock ------------------------------------------------------------------------
def expire_keys(redis, seconds: float | None = None) -> list[str]:
    """Delete every key whose TTL runs out within ``seconds`` (what Redis would do after that long);
    with ``seconds=None``, every key that has a TTL at all. Returns the deleted keys' names, sorted.

    fakeredis expires keys on the real clock, which a ``FakeClock`` does not move: call this
    after ``clock.advance(seconds)`` to move Redis's side of time too.
    """
    gone = []
    for key in list(redis.scan_iter(count=1000)):
        ms = redis.pttl(key)
        if ms is not None and ms >= 0 and (seconds is None or ms <= seconds * 1000):
            redis.delete(key)
            gone.append(as_text(key))
    return sorted(gone)


# -- driving a service ----------------------------------------------------------------------------------
def run_day(service: Any, clock: Any, events: Sequence[tuple[float, dict]], until: float,
            tick: float = 60.0, limit: int = 100, max_ticks: int = 5000) -> list:
    """Replay ``events`` through ``service`` on ``clock`` (a ``FakeClock``); return submit's answers.

    ``events`` is ``[(t, notification), ...]`` sorted by ``t``. The worker runs on a
    ``tick`` (a whole number of ticks since the epoch: every minute by default), at most once
    per tick: whenever ``service.next_due()`` says something is due, the clock jumps to the
    first tick at or after it (and after the worker's last tick) and ``service.dispatch(limit)``
    runs. At a time with both, the submits come first. After the last event the worker goes on
    until ``until`` (included). Only ``submit``, ``dispatch`` and ``next_due`` are used.
    """
    answers = []
    ticks = 0
    last = None                     # the last tick the worker ran: it runs at most once per tick

    def work(before: float, inclusive: bool) -> None:
        nonlocal ticks, last
        while True:
            due = service.next_due()
            if due is None:
                return
            when = max(clock(), math.ceil(due / tick) * tick)
            if last is not None:
                when = max(when, last + tick)
            if when > before or (when == before and not inclusive):
                return
            clock.set(when)
            made = service.dispatch(limit)
            last = when
            ticks += 1
            if ticks > max_ticks:
                raise RuntimeError(f"the worker ran {max_ticks} times and is still not done: next_due() says "
                                   f"{due!r}, dispatch({limit}) at {when!r} made {made!r} attempts")

    for t, notification in events:
        work(t, inclusive=False)
        clock.set(max(clock(), t))
        answers.append(service.submit(notification))
    work(until, inclusive=True)
    return answers


# -- time -------------------------------------------------------------------------------------------------
def at(text: str) -> float:
    """Unix seconds of a UTC wall-clock time ``"YYYY-MM-DD HH:MM"`` (or ``"...:SS"``)."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


def local_text(t: float, tz: str, with_date: bool = True) -> str:
    """The local wall-clock reading of the instant ``t`` in ``tz``: ``"2024-11-03 07:00 EST"``."""
    local = datetime.fromtimestamp(t, ZoneInfo(tz))
    return local.strftime("%Y-%m-%d %H:%M %Z" if with_date else "%H:%M %Z")


# -- an OTP behind a marketing blast ------------------------------------------------------------------------
def lane_simulation(policy: str, blast: int, send_rate: float = 100.0, otp_rate: float = 2.0,
                    high_per_low: int = 3, duration: float = 120.0, seed: int = 3) -> dict:
    """One channel worker sending ``send_rate`` messages per second, one at a time.

    At t = 0 a marketing blast of ``blast`` low-priority messages is queued; one-time
    passwords (high priority) arrive as a Poisson process of ``otp_rate`` per second
    for ``duration`` seconds. ``policy``: ``"fifo"`` (one queue, arrival order),
    ``"strict"`` (the high lane whenever it has work) or ``"weighted"`` (at most
    ``high_per_low`` high sends in a row while low ones wait). Returns the OTPs'
    ``waits`` (seconds from arrival to send, in arrival order), their ``arrivals``,
    ``blast_sent`` (the time each blast message was sent, in order) and ``blast_done``
    (when the last one was).
    """
    if policy not in ("fifo", "strict", "weighted"):
        raise ValueError(f"unknown policy {policy!r}")
    rng = random.Random(seed)
    arrivals, t = [], rng.expovariate(otp_rate)
    while t < duration:
        arrivals.append(t)
        t += rng.expovariate(otp_rate)
    service = 1.0 / send_rate
    fifo = policy == "fifo"
    queue: deque = deque(("low", j) for j in range(blast)) if fifo else deque()   # FIFO: one queue for all
    low: deque = deque() if fifo else deque(range(blast))
    high: deque = deque()
    waits: list[float] = [math.nan] * len(arrivals)
    now, i, streak = 0.0, 0, 0
    blast_sent: list[float] = []
    while i < len(arrivals) or queue or high or low:
        while i < len(arrivals) and arrivals[i] <= now:
            (queue.append(("high", i)) if fifo else high.append(i))
            i += 1
        if not (queue or high or low):
            now = arrivals[i]                     # idle until the next code arrives
            continue
        if fifo:
            lane, j = queue.popleft()
        else:
            take_low = bool(low) and (not high or (policy == "weighted" and streak >= high_per_low))
            lane = "low" if take_low else "high"
            streak = 0 if take_low else streak + 1
            j = (low if take_low else high).popleft()
        now += service
        if lane == "high":
            waits[j] = now - arrivals[j]
        else:
            blast_sent.append(now)
    return {"policy": policy, "arrivals": arrivals, "waits": waits, "blast_sent": blast_sent,
            "blast_done": blast_sent[-1] if blast_sent else 0.0}


def lanes_figure(results: Sequence[dict], title: str = "", until: float | None = None):
    """Two panels from :func:`lane_simulation` results, one line per policy: each OTP's wait by
    its arrival time (top), and the blast messages sent so far (bottom)."""
    import matplotlib.pyplot as plt

    from .widgets import PALETTE, apply_style

    apply_style()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5.0))
    end = until if until is not None else max([r["blast_done"] for r in results] +
                                              [r["arrivals"][-1] if r["arrivals"] else 0.0 for r in results])
    for color, r in zip(PALETTE, results):
        worst = max(r["waits"]) if r["waits"] else 0.0
        top.plot(r["arrivals"], r["waits"], linewidth=1, color=color, label=f"{r['policy']}: worst {worst:.2f} s")
        sent = r["blast_sent"]
        bottom.step([0.0] + sent + [end], [0] + list(range(1, len(sent) + 1)) + [len(sent)], where="post",
                    color=color, label=f"{r['policy']}: all sent at {r['blast_done']:.0f} s")
    top.set_yscale("symlog", linthresh=0.1)
    top.set_ylabel("an OTP's wait (s)")
    top.set_title(title)
    top.legend(loc="upper right", fontsize=8)
    bottom.set_ylabel("blast messages sent")
    bottom.set_xlabel("time (s after the blast was queued)")
    bottom.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig, (top, bottom)


# -- a campaign across time zones --------------------------------------------------------------------------
def campaign_figure(submitted: float, send_times: dict, population: dict, title: str = ""):
    """Messages sent per hour (UTC) for a campaign submitted at ``submitted``.

    ``send_times`` is ``{zone: send time}`` (one time per zone: when a user there gets it),
    ``population`` ``{zone: users}``. Each zone's users are stacked in their hour.
    """
    import matplotlib.pyplot as plt

    from .widgets import PALETTE, apply_style

    apply_style()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    hours = [(send_times[z] - submitted) / 3600 for z in send_times]
    span = max([24.0] + [h + 1 for h in hours])
    edges = list(range(0, math.ceil(span) + 1))
    bottom = [0.0] * (len(edges) - 1)
    for n, zone in enumerate(sorted(send_times, key=lambda z: send_times[z])):
        h = int((send_times[zone] - submitted) // 3600)
        heights = [0.0] * (len(edges) - 1)
        heights[h] = population[zone] / 1e6
        ax.bar(edges[:-1], heights, width=0.9, align="edge", bottom=bottom, color=PALETTE[n % len(PALETTE)],
               label=f"{zone}: {local_text(send_times[zone], zone, with_date=False)}")
        bottom = [b + x for b, x in zip(bottom, heights)]
    ax.set_xlabel(f"hours after the campaign was submitted ({datetime.fromtimestamp(submitted, timezone.utc):%H:%M} UTC)")
    ax.set_ylabel("messages sent (millions)")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=7, title="zone: local send time")
    return fig, ax


# -- delivery tracking ----------------------------------------------------------------------------------------
def delivery_report(log: Sequence[dict], submitted: dict) -> list[dict]:
    """Per provider: attempts, sends, failures by kind, and the latency from submit to send
    (median and worst, seconds). ``submitted`` is ``{notification id: submit time}``.
    """
    rows = []
    for provider in sorted({e["provider"] for e in log}):
        mine = [e for e in log if e["provider"] == provider]
        outcomes = Counter(e["outcome"] for e in mine)
        latencies = sorted(e["t"] - submitted[e["id"]] for e in mine if e["outcome"] == "sent" and e["id"] in submitted)
        rows.append({"provider": provider, "attempts": len(mine), "sent": outcomes["sent"],
                     "unavailable": outcomes["unavailable"], "timeout": outcomes["timeout"],
                     "invalid": outcomes["invalid"],
                     "median latency": latencies[len(latencies) // 2] if latencies else None,
                     "worst latency": latencies[-1] if latencies else None})
    return rows
