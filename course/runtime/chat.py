"""Teaching helpers and grader-side fakes for the chat notebook (13_chat).

**Fakes of the servers around a chat service** (grader-side: each declares
``__remote_methods__``, so under grading student code can call those methods and
nothing else, and what they record stays in the grader's process)::

    from course.runtime.chat import Gateway, PushService, Registry, MessageStore

    gateways = {"gw1": Gateway("gw1"), "gw2": Gateway("gw2", down=True)}
    gateways["gw1"].deliver({"bob": [message]})      # one RPC: a batch {user: [messages]}
    gateways["gw1"].rpcs                             # 1: every call counts, failed ones too
    gateways["gw1"].delivered()                      # [("bob", message)], in delivery order
    push = PushService();  push.notify("bob", message);  push.sent   # [("bob", message)]
    registry = Registry({"bob": "gw1"});  registry.lookup(["bob", "carol"])   # {"bob": "gw1"}
    store = MessageStore({"c1": [m1, m2]});  store.heads();  store.range("c1", 1, 10)

A :class:`Gateway` stands for one WebSocket server: ``deliver(batch)`` is the
RPC a chat service makes to push messages down its users' open connections; a
gateway made with ``down=True`` raises ``ConnectionError`` (it crashed, and the
registry still points at it). :class:`Registry` is the connection registry
(user -> gateway) answering a batch look-up; :class:`MessageStore` is the
per-conversation message log a device syncs from (``heads`` and ``range``).

**Redis on the injected clock**: :func:`expire_keys` deletes every key whose
TTL would have run out after ``seconds`` (what Redis does on its own clock,
which a ``FakeClock`` does not move): a test moves the fake clock and Redis's
idea of time together, without waiting.

**Numbers and figures**, deterministic: :func:`transport_costs` (polling, long
polling, SSE and WebSockets for a population of clients), :func:`expected_gateways`
and :func:`gateways_touched` (how many gateway servers a group message reaches),
:func:`fanout_figure`, :func:`transport_figure`, :func:`skewed_ids` (what clock
skew does to timestamp order), :func:`typing_timeline` (a throttled, expiring
typing indicator).
"""
from __future__ import annotations

import math
import random
from typing import Any, Iterable, Mapping, Sequence

from .plain import copy_plain
from .redis_client import as_text

__all__ = [
    "Gateway", "PushService", "Registry", "MessageStore", "expire_keys", "message", "transport_costs",
    "transport_figure", "expected_gateways", "gateways_touched", "fanout_figure", "skewed_ids",
    "typing_timeline",
]


def _plain_batch(batch: Any) -> dict:
    """``batch`` checked to be ``{user: [message, ...]}`` (a copy), else TypeError for the caller."""
    if type(batch) is not dict:
        raise TypeError(f"deliver() takes one dict {{user: [messages]}}, got {type(batch).__name__}")
    out = {}
    for user, messages in batch.items():
        if type(messages) is not list:
            raise TypeError(f"deliver(): the value for {user!r} should be a list of messages, "
                            f"got {type(messages).__name__}")
        out[user] = copy_plain(messages)
    return out


# -- grader-side fakes --------------------------------------------------------------------------------
class Gateway:
    """One gateway (WebSocket) server. Student code may only call ``deliver``.

    ``deliver(batch)``, ``batch = {user: [message, ...]}``, is one RPC: it pushes
    each user's messages down that user's connection on this server. Every call
    is recorded in ``calls`` (a copy of its batch), including calls to a gateway
    that is ``down``, which raise ``ConnectionError`` and deliver nothing.
    """

    __remote_methods__ = ("deliver",)

    def __init__(self, name: str, down: bool = False):
        self.name = name
        self.down = down
        self.calls: list[dict] = []
        self._delivered: list[tuple[Any, Any]] = []

    def deliver(self, batch: dict) -> int:
        batch = _plain_batch(batch)
        self.calls.append(batch)
        if self.down:
            raise ConnectionError(f"gateway {self.name} is down")
        for user, messages in batch.items():
            self._delivered.extend((user, m) for m in messages)
        return sum(len(m) for m in batch.values())

    @property
    def rpcs(self) -> int:
        """How many times ``deliver`` was called."""
        return len(self.calls)

    def delivered(self, user: Any = None) -> list:
        """``[(user, message)]`` in delivery order, or ``[message]`` for one ``user``."""
        if user is None:
            return list(self._delivered)
        return [m for u, m in self._delivered if u == user]

    def users(self) -> list:
        """The users of every call, call by call: ``[sorted users of call 1, ...]``."""
        return [sorted(call, key=str) for call in self.calls]

    def __repr__(self) -> str:
        return f"Gateway({self.name!r}{', down' if self.down else ''}: {self.rpcs} RPCs)"


class PushService:
    """Mobile push notifications (APNs, FCM). Student code may only call ``notify``."""

    __remote_methods__ = ("notify",)

    def __init__(self):
        self.sent: list[tuple[Any, Any]] = []

    def notify(self, user: Any, message: Any) -> None:
        self.sent.append((user, copy_plain(message)))

    def users(self) -> list:
        return [u for u, _ in self.sent]

    def __repr__(self) -> str:
        return f"PushService({len(self.sent)} notifications)"


class Registry:
    """The connection registry (user -> gateway id). Student code may only call ``lookup``.

    ``lookup(users)`` answers, in one RPC, ``{user: gateway}`` for the users of
    ``users`` that are connected (the others are absent). ``calls`` records the
    users asked, call by call.
    """

    __remote_methods__ = ("lookup",)

    def __init__(self, where: Mapping[Any, str] | None = None):
        self.where = dict(where or {})
        self.calls: list[list] = []

    def lookup(self, users: Iterable) -> dict:
        if isinstance(users, (str, bytes)) or not isinstance(users, (list, tuple, set, frozenset)):
            raise TypeError(f"lookup() takes a list of users, got {type(users).__name__}")
        asked = list(users)
        self.calls.append(asked)
        return {u: self.where[u] for u in asked if u in self.where}

    @property
    def rpcs(self) -> int:
        return len(self.calls)

    def __repr__(self) -> str:
        return f"Registry({len(self.where)} users, {self.rpcs} lookups)"


class MessageStore:
    """A per-conversation message log that devices sync from. Student code may call
    ``heads`` and ``range``.

    ``heads()`` is ``{conversation: seq of its newest message}`` for every
    conversation of the user (0 for one with no messages yet); ``range(conversation,
    after, limit)`` is the messages with ``seq > after``, oldest first, at most
    ``limit`` (an int >= 1) of them. ``calls`` records every call with its arguments.
    """

    __remote_methods__ = ("heads", "range")

    def __init__(self, conversations: Mapping[str, Sequence[dict]]):
        self.logs = {c: sorted((dict(m) for m in msgs), key=lambda m: m["seq"])
                     for c, msgs in conversations.items()}
        self.calls: list[tuple] = []

    def heads(self) -> dict:
        self.calls.append(("heads",))
        return {c: (log[-1]["seq"] if log else 0) for c, log in self.logs.items()}

    def range(self, conversation: str, after: int, limit: int) -> list:
        self.calls.append(("range", conversation, after, limit))
        if conversation not in self.logs:
            raise KeyError(conversation)
        if type(after) is not int:
            raise TypeError(f"range(): after should be an int seq, got {after!r}")
        if type(limit) is not int or limit < 1:
            raise ValueError(f"range(): limit should be an int >= 1, got {limit!r}")
        return [dict(m) for m in self.logs[conversation] if m["seq"] > after][:limit]

    def range_calls(self) -> list:
        """``[(conversation, after, limit)]`` of every ``range`` call."""
        return [c[1:] for c in self.calls if c[0] == "range"]

    def heads_calls(self) -> int:
        return sum(1 for c in self.calls if c[0] == "heads")

    def __repr__(self) -> str:
        return f"MessageStore({len(self.logs)} conversations, {len(self.calls)} calls)"


def message(conversation: str, seq: int, sender: str, device: str | None = None, text: str | None = None) -> dict:
    """A message dict as the sync exercise's store holds it."""
    return {"conversation": conversation, "seq": seq, "sender": sender,
            "device": device if device is not None else f"{sender}/phone",
            "text": text if text is not None else f"{conversation} #{seq}"}


# -- Redis on the injected clock ------------------------------------------------------------------------
def expire_keys(redis, seconds: float | None = None) -> list[str]:
    """Delete every key whose TTL runs out within ``seconds`` (what Redis would do after that long);
    with ``seconds=None``, every key that has a TTL at all (a very long time later).

    fakeredis expires keys on the real clock, which a test's ``FakeClock`` does
    not move: call this with the seconds since the keys were last written, after
    ``clock.advance``, to move Redis's side of time too. Returns the deleted keys'
    names, sorted.
    """
    gone = []
    for key in list(redis.scan_iter(count=1000)):
        ms = redis.pttl(key)
        if ms is not None and ms >= 0 and (seconds is None or ms <= seconds * 1000):
            redis.delete(key)
            gone.append(as_text(key))
    return sorted(gone)


# -- transports -----------------------------------------------------------------------------------------
def transport_costs(clients: float, messages_per_hour: float, poll_interval: float = 5.0,
                    long_poll_timeout: float = 30.0, heartbeat: float = 30.0) -> list[dict]:
    """Requests (or frames) per second the servers handle, and the mean delay before a
    client learns of a new message, for each way of getting messages to clients.

    Simple models (each client receives ``messages_per_hour``, arriving at random):

    - **short polling** every ``poll_interval`` s: ``clients / poll_interval`` requests/s,
      whatever the traffic; a message waits half an interval on average.
    - **long polling**: a request is answered when a message arrives or after
      ``long_poll_timeout`` s, then reissued: ``clients * (rate + 1 / timeout)``
      requests/s approximately (the rate of "something happened"); no wait, but one
      extra request per message.
    - **SSE / WebSocket**: one long-lived connection; frames only for messages, plus
      one heartbeat per ``heartbeat`` s; no wait.

    The mean delay counts only the waiting the transport adds (not the network's
    own latency, which every transport pays).
    """
    rate = messages_per_hour / 3600.0                           # messages per second per client
    return [
        {"transport": "short polling", "per_second": clients / poll_interval,
         "useful": clients * rate, "mean_delay": poll_interval / 2},
        {"transport": "long polling", "per_second": clients * (rate + 1.0 / long_poll_timeout),
         "useful": clients * rate, "mean_delay": 0.0},
        {"transport": "SSE / WebSocket", "per_second": clients * (rate + 1.0 / heartbeat),
         "useful": clients * rate, "mean_delay": 0.0},
    ]


def transport_figure(clients: float, messages_per_hour: float, poll_interval: float,
                     long_poll_timeout: float = 30.0, heartbeat: float = 30.0):
    """Two panels: requests per second (log scale) against the polling interval, and
    the mean added delay; the chosen ``poll_interval`` is marked."""
    import matplotlib.pyplot as plt

    from .widgets import PALETTE, apply_style

    apply_style()
    intervals = [0.5 * 1.1 ** i for i in range(60) if 0.5 * 1.1 ** i <= 120]
    rows = [transport_costs(clients, messages_per_hour, p, long_poll_timeout, heartbeat) for p in intervals]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.5, 3.6))
    for i, name in enumerate(["short polling", "long polling", "SSE / WebSocket"]):
        ys = [next(r for r in row if r["transport"] == name) for row in rows]
        ax1.plot(intervals, [y["per_second"] for y in ys], color=PALETTE[i], label=name)
        ax2.plot(intervals, [y["mean_delay"] for y in ys], color=PALETTE[i], label=name)
    useful = clients * messages_per_hour / 3600.0
    ax1.axhline(useful, color="black", linestyle=":", linewidth=1, label="messages to deliver")
    chosen = transport_costs(clients, messages_per_hour, poll_interval, long_poll_timeout, heartbeat)
    ax1.plot([poll_interval], [chosen[0]["per_second"]], "o", color=PALETTE[0])
    ax1.annotate(f"{chosen[0]['per_second']:,.0f}/s", (poll_interval, chosen[0]["per_second"]),
                 textcoords="offset points", xytext=(6, 6), fontsize=8)
    ax2.plot([poll_interval], [chosen[0]["mean_delay"]], "o", color=PALETTE[0])
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    ax2.set_xscale("log")
    ax1.set_title("requests (or frames) per second")
    ax2.set_title("mean added delay (s)")
    ax1.set_xlabel("polling interval (s)")
    ax2.set_xlabel("polling interval (s)")
    ax1.legend(fontsize=7, loc="upper right")
    fig.suptitle(f"{clients:,.0f} connected clients, {messages_per_hour:g} messages per client per hour",
                 fontsize=10, fontweight="bold")
    fig.tight_layout()
    return fig, (ax1, ax2)


# -- group fan-out ----------------------------------------------------------------------------------------
def expected_gateways(recipients: int, gateways: int) -> float:
    """Expected number of distinct gateways ``recipients`` online users land on, when
    each is on one of ``gateways`` servers uniformly at random:
    ``G * (1 - (1 - 1/G) ** k)``."""
    if recipients <= 0:
        return 0.0
    g = float(gateways)
    return g * (1.0 - (1.0 - 1.0 / g) ** recipients)


def gateways_touched(group_size: int, gateways: int, online_fraction: float, seed: int = 0) -> tuple[int, int]:
    """One seeded draw: ``(online recipients, distinct gateways they are on)`` for a
    group message (the sender excluded) when each member is online with probability
    ``online_fraction`` and connected to a uniformly random gateway."""
    rng = random.Random(seed)
    online = [rng.randrange(gateways) for _ in range(group_size - 1) if rng.random() < online_fraction]
    return len(online), len(set(online))


def fanout_figure(gateways: int, online_fraction: float, max_group: int = 1024, seed: int = 1):
    """Deliver RPCs per group message against group size: one per online recipient
    (naive) or one per gateway that holds one (batched); the curve is the expectation,
    the dots seeded draws."""
    from .widgets import new_axes

    sizes = sorted({int(round(2 ** (i / 4))) for i in range(0, 4 * int(math.log2(max_group)) + 1)})
    fig, ax = new_axes(f"Group message fan-out over {gateways} gateway servers, "
                       f"{online_fraction:.0%} of members online",
                       "group size (members)", "deliver RPCs per message", logx=True, logy=True)
    naive = [max((n - 1) * online_fraction, 1e-9) for n in sizes]
    batched = [max(expected_gateways((n - 1) * online_fraction, gateways), 1e-9) for n in sizes]
    ax.plot(sizes, naive, label="one RPC per online recipient")
    ax.plot(sizes, batched, label="one RPC per gateway (batched)")
    draws = [gateways_touched(n, gateways, online_fraction, seed=seed + n) for n in sizes]
    ax.plot(sizes, [max(d[0], 0.8) for d in draws], ".", color="#1f77b4", alpha=0.6)
    ax.plot(sizes, [max(d[1], 0.8) for d in draws], ".", color="#d62728", alpha=0.6)
    ax.axhline(gateways, color="black", linestyle=":", linewidth=1)
    ax.annotate(f"{gateways} gateways: the ceiling", (sizes[0], gateways), textcoords="offset points",
                xytext=(2, 4), fontsize=8)
    ax.set_ylim(0.8, max(naive[-1], gateways) * 1.6)
    ax.legend(loc="upper left", fontsize=8)
    return fig, ax


# -- ordering and clocks ----------------------------------------------------------------------------------
def skewed_ids(events: Sequence[tuple[str, str, float]], offsets_ms: Mapping[str, float]) -> list[dict]:
    """Timestamp each event on its server's skewed clock.

    ``events`` are ``(text, server, true_time_ms)``; ``offsets_ms`` how far each
    server's clock is ahead (negative: behind). Returns one row per event, in true
    order, with the stamped time and the rank the stamp gives it.
    """
    stamped = [{"text": text, "server": server, "true_ms": t, "stamp_ms": t + offsets_ms.get(server, 0.0)}
               for text, server, t in events]
    by_stamp = sorted(range(len(stamped)), key=lambda i: (stamped[i]["stamp_ms"], i))
    for rank, i in enumerate(by_stamp, start=1):
        stamped[i]["stamp_rank"] = rank
    return stamped


# -- typing indicators ------------------------------------------------------------------------------------
def typing_timeline(keystrokes: Sequence[float], throttle: float = 3.0, expire: float = 5.0,
                    sent_at: float | None = None) -> dict:
    """What a throttled, expiring typing indicator does for one typist.

    The sender's app sends a "typing" event on a keystroke only if none was sent
    in the last ``throttle`` seconds; sending the message (at ``sent_at``) clears
    the indicator at once. The receiver shows "typing..." from each event until
    ``expire`` seconds after the latest one (or until the message arrives).
    Returns ``{"events": [times sent], "shown": [(start, end)], "keystrokes": n}``.
    """
    events: list[float] = []
    for t in sorted(keystrokes):
        if sent_at is not None and t >= sent_at:
            break
        if not events or t - events[-1] >= throttle:
            events.append(t)
    shown: list[list[float]] = []
    for t in events:
        end = t + expire
        if sent_at is not None:
            end = min(end, sent_at)
        if shown and t <= shown[-1][1]:
            shown[-1][1] = max(shown[-1][1], end)
        else:
            shown.append([t, end])
    return {"events": events, "shown": [tuple(s) for s in shown], "keystrokes": len(keystrokes)}
