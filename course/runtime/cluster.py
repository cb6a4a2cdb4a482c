"""A seeded, simulated cluster: nodes, a network with delays, drops and partitions, and a
discrete-event clock. No threads, no sleeps, no luck: the same seed replays the same run.

Shared by the replication chapter (09) and the Dynamo-style capstone (19).

    from course.runtime.cluster import Cluster, KVNode

    cluster = Cluster(["A", "B", "C", "app"], seed=1, latency=(0.002, 0.010))
    a = cluster.stub("app", "A")                  # app's connection to A: a.get(k), a.put(k, version, v)
    a.put("x", (1.0, "c1"), "hello")              # True: delivered, stored, acknowledged
    cluster.partition(["A", "app"], ["B", "C"])   # app cannot reach B or C any more
    cluster.stub("app", "B").get("x")             # raises TimeoutError
    cluster.heal()

**Time.** ``cluster.now`` is simulated seconds; it moves only when the simulation runs
(``run_until(t)``, ``run_for(dt)``, ``run()``, ``step()``): each run pops events in
time order (ties in the order they were scheduled) and moves ``now`` to each event's
time. ``cluster.clock`` is a zero-argument callable returning ``now``: pass it to code
that needs a clock (under grading it stays on the grader's side).
``schedule(delay, fn, *args)`` / ``at(time, fn, *args)`` queue any action (a gossip
round, a timer, a client's next request).

**Failures**, all deterministic and recorded: ``crash(node)`` / ``recover(node)``
(``on_crash``/``on_recover`` hooks on the node; its stored data survives, as on disk);
``partition(group, group, ...)`` (every node in exactly one group; messages between
groups are lost) and ``heal()``; ``drop_next(src, dst, count=1, after=0)`` (let ``after``
messages through, then lose ``count`` on that one-way link: drop a *reply* to make "the
write happened but the caller timed out"); ``drop_rate`` (a seeded probability of losing any message).

**Latency.** ``latency`` is seconds one way: a number, a ``(low, high)`` pair (uniform),
or a callable ``f(rng, src, dst)``; ``set_latency(src, dst, seconds)`` overrides one
link (one way). Draws use the cluster's own ``random.Random(seed)``.

**Two ways to talk.**

- Asynchronous messages: ``send(src, dst, kind, payload)`` puts a message on the wire;
  it is lost if the link is cut (at send or at delivery), or dropped; otherwise, after
  the link's latency, ``nodes[dst].receive(message)`` runs (``Message`` fields:
  ``src, dst, kind, payload, sent, id``). Replication streams, hints, gossip and
  anti-entropy are written this way, as node methods that ``send`` and ``schedule``.
- Synchronous calls, for code that is not the simulation's (a student's coordinator):
  ``rpc(src, dst, method, *args)`` delivers a request and its reply at the current
  instant (the clock does not move: the caller's fan-out to N replicas is then N calls
  made "at once"), runs ``nodes[dst].rpc_<method>(*args)`` and returns a deep copy of
  its result. If either message would be lost (a node down, the link cut, a drop),
  it raises ``TimeoutError``; when only the *reply* is lost the method has run. The
  one-way latencies drawn for both messages are recorded, so a chart can compute what
  a parallel fan-out would have waited for (the W-th fastest of N).

**Grading.** ``stub(src, dst)`` is the object student code receives: a grader-side
object whose only callable methods are its class's ``__remote_methods__``, each one
``rpc``. Under grading every call is a round trip into the grader's process, so every
message, delivery and stored version is observed where student code cannot forge it.
``stub_class(name, methods)`` makes a stub class for another node API (the capstone's
``get``/``put``/``hint``...): the default one is ``ReplicaStub`` (``get``, ``put``).
Hand student code stubs (and ``cluster.clock``), never the cluster or a node.

**Records.** ``cluster.log`` lists ``Record(time, kind, src, dst, what)`` for every
event: kinds ``send``, ``deliver``, ``drop`` (``what`` ends with why), ``rpc`` (``what`` =
``(method, args, result, latency there, latency back)``), ``timeout`` (``(method, args,
why)``), ``crash``, ``recover``, ``partition``, ``heal``. ``rpcs(method=None, src=None,
dst=None, outcome="any"|"ok"|"timeout")`` filters the synchronous calls.

**Costs under grading.** Each call student code makes on a stub is one round trip
between the student's process and the grader's (about 0.2 ms); a coordinator that fans out to
N replicas makes N. If a test needs thousands, give the node a method that takes a
batch. **Determinism.** One ``random.Random(seed)`` draws every latency and random drop
in the order they happen, so adding a message changes the draws after it: tests that
need exact times fix them with a number ``latency`` or ``set_latency``.

**Nodes.** ``Cluster(names, node_factory=KVNode)``: ``node_factory(name, cluster)`` builds
each node; subclass :class:`Node` (``receive``, ``on_crash``, ``on_recover``,
``rpc_<method>``) for another behaviour. :class:`KVNode` is a last-write-wins register
store: ``rpc_get(key) -> None | (version, value)``, ``rpc_put(key, version, value) ->
True`` keeps the larger version (an older or equal one is ignored and still
acknowledged: last-write-wins by version); ``puts``/``gets`` count calls
and ``writes`` lists ``(time, key, version, value, kept)``.

A node may hold references to other nodes only through the cluster (``send``/``rpc``):
then every interaction passes the failure model.
"""
from __future__ import annotations

import heapq
import itertools
import random
from collections import deque
from typing import Any, Callable, Iterable, NamedTuple

from .plain import copy_plain


class Record(NamedTuple):
    """One line of the cluster's log."""
    time: float
    kind: str       # send, deliver, drop, rpc, timeout, crash, recover, partition, heal
    src: Any
    dst: Any
    what: Any


class Message(NamedTuple):
    """An asynchronous message as the receiving node sees it."""
    src: str
    dst: str
    kind: str
    payload: Any
    sent: float
    id: int


class SimClock:
    """The cluster's clock as a zero-argument callable (seconds). Student code may only read it."""

    __remote_methods__ = ("__call__",)

    def __init__(self, cluster: "Cluster"):
        self._cluster = cluster
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self._cluster.now

    def __repr__(self) -> str:
        return f"SimClock(now={self._cluster.now!r})"


class Node:
    """A simulated process. Subclass it; the cluster calls these hooks."""

    def __init__(self, name: str, cluster: "Cluster"):
        self.name = name
        self.cluster = cluster

    def receive(self, message: Message) -> None:
        """An asynchronous message was delivered."""

    def on_crash(self) -> None:
        """The node just crashed (drop volatile state here; stored data survives by default)."""

    def on_recover(self) -> None:
        """The node is back."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class KVNode(Node):
    """A replica of a last-write-wins key-value store: versions are compared with ``<``."""

    def __init__(self, name: str, cluster: "Cluster"):
        super().__init__(name, cluster)
        self.data: dict[Any, tuple[Any, Any]] = {}
        self.gets = 0
        self.puts = 0
        self.writes: list[tuple[float, Any, Any, Any, bool]] = []

    def rpc_get(self, key):
        self.gets += 1
        return copy_plain(self.data.get(key))

    def rpc_put(self, key, version, value) -> bool:
        self.puts += 1
        current = self.data.get(key)
        kept = current is None or current[0] < version
        if kept:
            self.data[key] = (copy_plain(version), copy_plain(value))
        self.writes.append((self.cluster.now, key, copy_plain(version), copy_plain(value), kept))
        return True

    def version(self, key):
        """The stored version of ``key`` (None if none): for tests and charts."""
        item = self.data.get(key)
        return None if item is None else item[0]

    def value(self, key):
        item = self.data.get(key)
        return None if item is None else item[1]


class Cluster:
    """See the module docstring."""

    def __init__(self, nodes: Iterable[str], *, seed: int = 0, latency: Any = 0.005, drop_rate: float = 0.0,
                 start: float = 0.0, node_factory: Callable[[str, "Cluster"], Node] = KVNode):
        names = list(nodes)
        if len(set(names)) != len(names) or not names:
            raise ValueError(f"node names must be distinct and at least one, got {names!r}")
        if not 0.0 <= drop_rate < 1.0:
            raise ValueError(f"drop_rate must be in [0, 1), got {drop_rate!r}")
        self.rng = random.Random(seed)
        self.now = float(start)
        self.latency = latency
        self.drop_rate = drop_rate
        self.log: list[Record] = []
        self.clock = SimClock(self)
        self.down: set[str] = set()
        self._links: dict[tuple[str, str], float] = {}
        self._drops: dict[tuple[str, str], deque] = {}
        self._group: dict[str, int] | None = None
        self._queue: list[tuple[float, int, Callable, tuple]] = []
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self.nodes: dict[str, Node] = {}
        for name in names:
            self.nodes[name] = node_factory(name, self)

    # -- time -----------------------------------------------------------------------------------
    def at(self, time: float, action: Callable, *args) -> int:
        """Run ``action(*args)`` when the clock reaches ``time`` (not before now)."""
        seq = next(self._seq)
        heapq.heappush(self._queue, (max(float(time), self.now), seq, action, args))
        return seq

    def schedule(self, delay: float, action: Callable, *args) -> int:
        if delay < 0:
            raise ValueError(f"cannot schedule {delay} s in the past")
        return self.at(self.now + delay, action, *args)

    def pending(self) -> int:
        """Events still queued."""
        return len(self._queue)

    def step(self) -> bool:
        """Run the next event; False when none is left."""
        if not self._queue:
            return False
        time, _, action, args = heapq.heappop(self._queue)
        self.now = time
        action(*args)
        return True

    def run_until(self, time: float) -> None:
        """Run every event due at or before ``time``, then set the clock to ``time``."""
        while self._queue and self._queue[0][0] <= time:
            self.step()
        self.now = max(self.now, float(time))

    def run_for(self, seconds: float) -> None:
        self.run_until(self.now + seconds)

    def run(self, max_events: int = 1_000_000) -> None:
        """Run until nothing is left (at most ``max_events``: a gossip loop never ends by itself)."""
        for _ in range(max_events):
            if not self.step():
                return
        raise RuntimeError(f"still busy after {max_events} events")

    # -- failures ---------------------------------------------------------------------------------
    def _check(self, *names: str) -> None:
        for name in names:
            if name not in self.nodes:
                raise KeyError(f"no node named {name!r} (nodes: {', '.join(map(str, self.nodes))})")

    def crash(self, name: str) -> None:
        self._check(name)
        if name not in self.down:
            self.down.add(name)
            self.log.append(Record(self.now, "crash", name, None, None))
            self.nodes[name].on_crash()

    def recover(self, name: str) -> None:
        self._check(name)
        if name in self.down:
            self.down.discard(name)
            self.log.append(Record(self.now, "recover", name, None, None))
            self.nodes[name].on_recover()

    def is_up(self, name: str) -> bool:
        return name not in self.down

    def partition(self, *groups: Iterable[str]) -> None:
        """Cut the network into ``groups``: every node in exactly one of them."""
        group: dict[str, int] = {}
        for i, members in enumerate(groups):
            for name in members:
                self._check(name)
                if name in group:
                    raise ValueError(f"{name!r} is in two groups")
                group[name] = i
        missing = [n for n in self.nodes if n not in group]
        if missing:
            raise ValueError(f"every node must be in a group; not placed: {missing!r}")
        self._group = group
        self.log.append(Record(self.now, "partition", None, None, tuple(tuple(g) for g in groups)))

    def heal(self) -> None:
        self._group = None
        self.log.append(Record(self.now, "heal", None, None, None))

    def linked(self, src: str, dst: str) -> bool:
        """True if the network carries messages from ``src`` to ``dst`` now (ignoring crashes)."""
        return self._group is None or self._group[src] == self._group[dst]

    def can_reach(self, src: str, dst: str) -> bool:
        """Both nodes up and the link not cut."""
        self._check(src, dst)
        return self.is_up(src) and self.is_up(dst) and self.linked(src, dst)

    def drop_next(self, src: str, dst: str, count: int = 1, after: int = 0) -> None:
        """Let ``after`` messages from ``src`` to ``dst`` through, then lose the next ``count``
        (asynchronous or rpc, requests or replies). Plans on one link queue up."""
        self._check(src, dst)
        if count < 0 or after < 0:
            raise ValueError("count and after must be >= 0")
        self._drops.setdefault((src, dst), deque()).extend([False] * after + [True] * count)

    # -- latency -------------------------------------------------------------------------------------
    def set_latency(self, src: str, dst: str, seconds: float | None) -> None:
        """Fix the one-way latency of one link (None: back to the cluster's model)."""
        self._check(src, dst)
        if seconds is None:
            self._links.pop((src, dst), None)
        else:
            self._links[(src, dst)] = float(seconds)

    def delay(self, src: str, dst: str) -> float:
        """One draw of the one-way latency from ``src`` to ``dst``."""
        if (src, dst) in self._links:
            return self._links[(src, dst)]
        spec = self.latency
        if callable(spec):
            return float(spec(self.rng, src, dst))
        if isinstance(spec, tuple):
            low, high = spec
            return self.rng.uniform(low, high)
        return float(spec)

    def _lost(self, src: str, dst: str) -> str | None:
        """Why a message sent now from src to dst is lost (None: it goes through). Consumes drops."""
        if not self.is_up(src):
            return f"{src} is down"
        if not self.linked(src, dst):
            return "partitioned"
        plan = self._drops.get((src, dst))
        if plan and plan.popleft():
            return "dropped"
        if self.drop_rate and self.rng.random() < self.drop_rate:
            return "dropped at random"
        return None

    # -- asynchronous messages -----------------------------------------------------------------------
    def send(self, src: str, dst: str, kind: str, payload: Any = None) -> int:
        """Put a message on the wire; returns its id. Delivery runs ``nodes[dst].receive``."""
        self._check(src, dst)
        mid = next(self._ids)
        message = Message(src, dst, kind, copy_plain(payload), self.now, mid)
        self.log.append(Record(self.now, "send", src, dst, (kind, mid)))
        why = self._lost(src, dst)
        if why is not None:
            self.log.append(Record(self.now, "drop", src, dst, (kind, mid, why)))
            return mid
        self.schedule(self.delay(src, dst), self._deliver, message)
        return mid

    def _deliver(self, message: Message) -> None:
        src, dst = message.src, message.dst
        if not self.is_up(dst) or not self.linked(src, dst):
            why = f"{dst} is down" if not self.is_up(dst) else "partitioned in flight"
            self.log.append(Record(self.now, "drop", src, dst, (message.kind, message.id, why)))
            return
        self.log.append(Record(self.now, "deliver", src, dst, (message.kind, message.id)))
        self.nodes[dst].receive(message)

    # -- synchronous calls ----------------------------------------------------------------------------
    def rpc(self, src: str, dst: str, method: str, *args, **kwargs) -> Any:
        """Call ``nodes[dst].rpc_<method>`` from ``src`` now; TimeoutError if a message is lost."""
        self._check(src, dst)
        handler = getattr(self.nodes[dst], "rpc_" + method, None)
        if handler is None:
            raise AttributeError(f"node {dst!r} has no method {method!r}")
        why = f"{dst} is down" if self.is_up(src) and not self.is_up(dst) else self._lost(src, dst)
        there = self.delay(src, dst)
        if why is not None:
            self.log.append(Record(self.now, "timeout", src, dst, (method, args, f"request lost: {why}")))
            raise TimeoutError(f"{method} from {src} to {dst}: no answer ({why})")
        result = handler(*copy_plain(args), **copy_plain(kwargs))
        back = self.delay(dst, src)
        why = self._lost(dst, src)
        if why is not None:
            self.log.append(Record(self.now, "timeout", src, dst, (method, args, f"reply lost: {why}")))
            raise TimeoutError(f"{method} from {src} to {dst}: no answer (the reply was lost: {why})")
        self.log.append(Record(self.now, "rpc", src, dst, (method, args, result, there, back)))
        return copy_plain(result)

    def rpcs(self, method: str | None = None, src: str | None = None, dst: str | None = None,
             outcome: str = "any") -> list[Record]:
        """The synchronous calls made so far (``outcome``: "any", "ok" or "timeout")."""
        kinds = {"any": ("rpc", "timeout"), "ok": ("rpc",), "timeout": ("timeout",)}[outcome]
        return [r for r in self.log if r.kind in kinds and (method is None or r.what[0] == method)
                and (src is None or r.src == src) and (dst is None or r.dst == dst)]

    def stub(self, src: str, dst: str, cls: type | None = None) -> "Stub":
        """``src``'s connection to ``dst``: the object student code gets (``ReplicaStub`` by default)."""
        self._check(src, dst)
        return (cls or ReplicaStub)(self, src, dst)

    def stubs(self, src: str, dsts: Iterable[str], cls: type | None = None) -> list["Stub"]:
        return [self.stub(src, d, cls) for d in dsts]

    def __repr__(self) -> str:
        return f"Cluster(nodes={list(self.nodes)}, now={self.now:g}, down={sorted(self.down)})"


class Stub:
    """A connection from one node to another; calls become ``cluster.rpc``. Make kinds with :func:`stub_class`."""

    __remote_methods__: tuple[str, ...] = ()

    def __init__(self, cluster: Cluster, src: str, dst: str):
        self._cluster = cluster
        self.src = src
        self.dst = dst

    @property
    def name(self) -> str:
        return self.dst

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.src}->{self.dst}>"


_STUB_CLASSES: dict[tuple[str, tuple[str, ...]], type] = {}


def stub_class(name: str, methods: Iterable[str]) -> type:
    """A :class:`Stub` subclass whose ``methods`` (the only ones student code may call) are rpcs."""
    methods = tuple(methods)
    key = (name, methods)
    if key not in _STUB_CLASSES:
        def make(method: str):
            def call(self, *args, **kwargs):
                return self._cluster.rpc(self.src, self.dst, method, *args, **kwargs)
            call.__name__ = method
            call.__doc__ = f"rpc '{method}' to the replica (TimeoutError if it cannot be reached)"
            return call

        namespace = {m: make(m) for m in methods}
        namespace["__remote_methods__"] = methods
        namespace["__module__"] = __name__
        _STUB_CLASSES[key] = type(name, (Stub,), namespace)
    return _STUB_CLASSES[key]


ReplicaStub = stub_class("ReplicaStub", ("get", "put"))
