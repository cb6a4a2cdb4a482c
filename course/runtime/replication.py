"""Teaching helpers for 09_replication: a replicated log on the simulated cluster, lag, quorum
latency, sloppy quorums, and pictures and checks of concurrent histories.

    from course.runtime.cluster import Cluster
    from course.runtime.replication import LogCluster, lag_samples, quorum_write_latencies

    lc = LogCluster(["L", "F1", "F2"], mode="async", lags={"F1": 0.05, "F2": 0.8})
    leader, followers = lc.handles()          # what a ReadRouter gets: write/read/position stubs
    leader.write("bio", "v1")                 # 1: the log position of the write
    followers[0].read("bio")                  # (None, 0): F1 has not applied it yet
    lc.run_for(0.1); followers[0].read("bio") # ('v1', 1)

Everything is deterministic: simulations take a seed and run on the cluster's clock.

- :class:`LogCluster`: single-leader replication (``sync``, ``semi-sync`` or ``async``) on a
  :class:`~course.runtime.cluster.Cluster`; followers apply the leader's log in order after
  their link's delay; the leader records when each write was acknowledged to its client.
  ``failover_inputs()`` gives what a failover must decide from; ``promote(name)`` makes a
  follower the leader of a new epoch, and with ``fencing=True`` replicas reject the old
  epoch (split brain with and without fencing).
- :func:`lag_samples`: replication lag as a distribution (a network delay plus a single-threaded
  apply queue, in steady state: an M/M/1 queue), for the slider.
- :func:`quorum_write_latencies`: what a coordinator waits for with W acknowledgements of N,
  measured on the cluster's recorded latencies.
- :class:`HintedNode` and :func:`sloppy_put` / :func:`hand_off`: Dynamo's sloppy quorum and
  hinted handoff (DeCandia et al. 2007, section 4.6), for the demonstration.
- :func:`unchanged` (a probe run where the student's function lives): does a call leave its
  arguments as they were?
- :func:`verify_linearization`: is an order of a register history a legal linearization?
  (a witness checker, not a search); :func:`draw_history`: a history as bars on a time line.
"""
from __future__ import annotations

import copy
import math
import random
from typing import Any, Callable, Iterable, Sequence

from .cluster import Cluster, Message, Node, Stub, stub_class
from .probes import in_student

MODES = ("sync", "semi-sync", "async")

LogReplicaStub = stub_class("LogReplicaStub", ("write", "read", "position"))


# -- single-leader replication ------------------------------------------------------------------
class LogNode(Node):
    """A replica of a single-leader log: the leader appends, followers apply entries in order.

    Each node has its own view: ``leading`` (does it believe it is the leader?) and ``epoch``
    (the newest leadership term it has heard of). With the group's ``fencing`` on, an entry
    from an older epoch is rejected (the sender hears ``fenced`` and steps down), and a node
    that hears of a newer epoch stops leading. With fencing off, epochs are not looked at:
    entries are applied by position whoever sent them, as by a replica that trusts anyone
    claiming to lead.
    """

    def __init__(self, name: str, cluster: Cluster):
        super().__init__(name, cluster)
        self.log: list[tuple[int, Any, Any]] = []   # (write id, key, value), position = index + 1
        self.data: dict[Any, Any] = {}
        self.applied = 0
        self.buffer: dict[int, tuple[int, Any, Any]] = {}
        self.group: "LogCluster | None" = None
        self.reads = 0
        self.read_positions: list[int] = []
        self.leading = False
        self.epoch = 1

    @property
    def is_leader(self) -> bool:
        return self.leading

    def apply(self, position: int, entry: tuple[int, Any, Any], ack_to: str | None = None) -> None:
        """Apply entries in log order (a follower may receive them out of order); each entry
        applied is acknowledged to ``ack_to`` (the leader that sent it), if any."""
        if position <= self.applied:
            return
        self.buffer[position] = entry
        while self.applied + 1 in self.buffer:
            self.applied += 1
            entry = self.buffer.pop(self.applied)
            self.log.append(entry)
            _, key, value = entry
            self.data[key] = value
            if ack_to is not None:
                self.cluster.send(self.name, ack_to, "ack", self.applied)

    def step_down(self, epoch: int) -> None:
        """A newer leadership exists: remember its epoch, stop leading."""
        self.epoch = max(self.epoch, epoch)
        self.leading = False

    def receive(self, message: Message) -> None:
        fencing = self.group is not None and self.group.fencing
        if message.kind == "entry":
            epoch, position, entry = message.payload
            if fencing and epoch < self.epoch:
                self.cluster.send(self.name, message.src, "fenced", self.epoch)
                return
            if fencing and epoch > self.epoch:
                self.step_down(epoch)
            self.apply(position, entry, ack_to=message.src)
        elif message.kind == "ack" and self.leading and self.group is not None:
            self.group.acked(self.name, message.src, message.payload)
        elif message.kind in ("fenced", "epoch") and fencing and message.payload > self.epoch:
            self.step_down(message.payload)

    # what a client may call
    def rpc_write(self, key, value) -> int:
        if not self.leading or self.group is None:
            raise PermissionError(f"{self.name} is a read-only follower: writes go to the leader")
        return self.group.write(key, value, via=self.name)

    def rpc_read(self, key):
        self.reads += 1
        self.read_positions.append(self.applied)
        return (self.data.get(key), self.applied)

    def rpc_position(self) -> int:
        return self.applied


class LogCluster:
    """Leader-follower replication on a simulated cluster. See the module docstring.

    ``lags`` fixes the one-way delay from the leader to each follower (seconds);
    without it, ``latency`` (a cluster latency model) applies. ``mode`` decides when a
    write is acknowledged to its client: ``async`` at once, ``semi-sync`` when one
    follower has it, ``sync`` when every follower has it.

    **Failover and split brain.** ``promote(name)`` is a failover tool's decision: ``name``
    leads from now on, in a new epoch. The old leader is told only if it can be reached; cut
    off, it goes on believing it leads, and ``write(key, value, via=old)`` still succeeds on
    it: two leaders. With ``fencing=True`` replicas reject entries of an older epoch and the
    old leader steps down as soon as it hears of the new one (Raft's terms, Kleppmann's
    fencing tokens); with ``fencing=False`` nothing stops either leader.
    """

    def __init__(self, nodes: Sequence[str], mode: str = "async", lags: dict | None = None,
                 latency: Any = 0.005, seed: int = 0, client: str = "app", fencing: bool = False):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.cluster = Cluster(list(nodes) + [client], seed=seed, latency=latency, node_factory=LogNode)
        self.client = client
        self.replicas = list(nodes)
        self.leader = nodes[0]
        self.followers = list(nodes[1:])
        self.mode = mode
        self.fencing = fencing
        for name in nodes:
            self.cluster.nodes[name].group = self
        self.node(self.leader).leading = True
        for follower, lag in (lags or {}).items():
            self.cluster.set_latency(self.leader, follower, lag)
        self.writes: list[dict] = []   # one per write: id, leader, epoch, position, key, value, time, acked_at
        self._acks: dict[tuple[str, int], set] = {}

    @property
    def now(self) -> float:
        return self.cluster.now

    def node(self, name: str) -> LogNode:
        return self.cluster.nodes[name]   # type: ignore[return-value]

    def write(self, key, value, via: str | None = None) -> int:
        """Append a write on the leader (or on ``via``, a node that believes it leads: else
        PermissionError) and send it to every other replica; returns its log position."""
        name = self.leader if via is None else via
        node = self.node(name)
        if not node.leading:
            raise PermissionError(f"{name} is not the leader (any more): epoch {node.epoch}")
        position = node.applied + 1
        wid = len(self.writes) + 1
        node.apply(position, (wid, key, value))
        others = [n for n in self.replicas if n != name]
        record = {"id": wid, "leader": name, "epoch": node.epoch, "position": position, "key": key,
                  "value": value, "time": self.now,
                  "acked_at": self.now if self.mode == "async" or not others else None}
        self.writes.append(record)
        self._acks[(name, position)] = set()
        for other in others:
            self.cluster.send(name, other, "entry", (node.epoch, position, (wid, key, value)))
        return position

    def acked(self, leader: str, follower: str, applied: int) -> None:
        """``follower`` reports to ``leader`` it has applied everything up to ``applied``."""
        needed = 1 if self.mode == "semi-sync" else len(self.replicas) - 1
        for record in self.writes:
            if record["leader"] == leader and record["position"] <= applied and record["acked_at"] is None:
                seen = self._acks[(leader, record["position"])]
                seen.add(follower)
                if len(seen) >= needed:
                    record["acked_at"] = self.now

    def promote(self, name: str) -> int:
        """A failover tool's decision: ``name`` leads from now on, in an epoch one above any
        replica's (the tool, like ZooKeeper or etcd behind it, knows the newest). The others
        are told by a message, which a partition or a crash loses. Returns the new epoch."""
        epoch = max(self.node(n).epoch for n in self.replicas) + 1
        node = self.node(name)
        node.epoch, node.leading = epoch, True
        self.leader = name
        self.followers = [n for n in self.replicas if n != name]
        for other in self.followers:
            self.cluster.send(name, other, "epoch", epoch)
        return epoch

    def leaders(self) -> list[str]:
        """The replicas that believe they lead (more than one: split brain)."""
        return [n for n in self.replicas if self.node(n).leading]

    def run_for(self, seconds: float) -> None:
        self.cluster.run_for(seconds)

    def run_until(self, time: float) -> None:
        self.cluster.run_until(time)

    def run(self) -> None:
        """Deliver everything still on the wire."""
        self.cluster.run()

    def handles(self) -> tuple[Stub, list[Stub]]:
        """(leader, followers) as the client's stubs: ``write``, ``read``, ``position``."""
        return (self.cluster.stub(self.client, self.leader, LogReplicaStub),
                self.cluster.stubs(self.client, self.followers, LogReplicaStub))

    def positions(self) -> dict[str, int]:
        return {name: self.node(name).applied for name in [self.leader] + self.followers}

    def failover_inputs(self) -> tuple[list[int], list[int], dict[str, int | None]]:
        """What a failover decides from, if the leader dies now: (the leader's log of write ids,
        the ids acknowledged to clients, each follower's applied position or None if down)."""
        log = [wid for wid, _, _ in self.node(self.leader).log]
        acked = [r["id"] for r in self.writes if r["acked_at"] is not None and r["acked_at"] <= self.now]
        followers = {f: (self.node(f).applied if self.cluster.is_up(f) else None) for f in self.followers}
        return log, acked, followers


# -- replication lag as a distribution -------------------------------------------------------------
def lag_samples(write_rate: float, apply_rate: float, network_ms: float, n: int = 20000,
                seed: int = 0, warmup: int = 5000) -> list[float]:
    """Replication lag (ms) of ``n`` writes in steady state: Poisson writes at ``write_rate``/s
    reach the follower ``network_ms`` later and are applied one at a time, in log order, each
    taking an exponential time of mean ``1/apply_rate`` (a queue with one server, as a classic
    MySQL replica's single SQL thread or a PostgreSQL standby's single replay process).

    The lag of a write is when the follower has applied it minus when the leader did. The
    network delay is the same for every write: a replication stream is one TCP connection,
    which delivers in order and whose delay drifts slowly compared with the gaps between
    writes (independent jitter per write would make every write wait for the slowest one
    before it: a simplification either way). The queue starts empty, so the first ``warmup``
    writes are simulated and left out: near saturation an empty queue takes thousands of
    writes to fill up to its usual length.

    This is an M/M/1 queue shifted by the network delay, so the lag is ``network_ms`` plus an
    exponential time of mean ``1000 / (apply_rate - write_rate)`` ms (Kleinrock, *Queueing
    Systems*, vol. 1, 1975): it grows without bound as ``write_rate`` approaches ``apply_rate``.
    """
    if not 0 < write_rate < apply_rate:
        raise ValueError(f"need 0 < write_rate < apply_rate (a stable queue), got {write_rate!r}, {apply_rate!r}")
    rng = random.Random(seed)
    t = 0.0
    free_at = 0.0
    lags = []
    for k in range(warmup + n):
        t += rng.expovariate(write_rate)
        start = max(t + network_ms / 1000, free_at)
        free_at = start + rng.expovariate(apply_rate)
        if k >= warmup:
            lags.append((free_at - t) * 1000)
    return lags


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


# -- what a write quorum waits for ------------------------------------------------------------------
def quorum_write_latencies(cluster: Cluster, coordinator: str, replicas: Sequence[str], w: int,
                           ops: int = 1000) -> list[float]:
    """Latency (ms) of ``ops`` writes that wait for ``w`` acknowledgements of ``len(replicas)``,
    sent in parallel: the w-th fastest round trip, measured with ``cluster.rpc`` (each call records
    the one-way latencies it drew). Replicas that time out count as never answering."""
    out = []
    for i in range(ops):
        trips = []
        for name in replicas:
            try:
                cluster.rpc(coordinator, name, "put", "k", (i, coordinator), i)
            except TimeoutError:
                continue
            record = cluster.log[-1]
            trips.append(record.what[3] + record.what[4])
        trips.sort()
        out.append(trips[w - 1] * 1000 if len(trips) >= w else math.inf)
    return out


# -- Dynamo's sloppy quorum and hinted handoff -----------------------------------------------------
class HintedNode(Node):
    """A replica that also keeps writes meant for another node (hints) until it can hand them off."""

    def __init__(self, name: str, cluster: Cluster):
        super().__init__(name, cluster)
        self.data: dict[Any, tuple[Any, Any]] = {}
        self.hints: list[tuple[str, Any, Any, Any]] = []   # (intended node, key, version, value)

    def store(self, key, version, value) -> None:
        current = self.data.get(key)
        if current is None or current[0] < version:
            self.data[key] = (version, value)

    def rpc_put(self, key, version, value) -> bool:
        self.store(key, version, value)
        return True

    def rpc_hint(self, intended, key, version, value) -> bool:
        self.hints.append((intended, key, version, value))
        return True

    def rpc_get(self, key):
        return self.data.get(key)


def preference_list(ring: Sequence[str], home: int, length: int) -> list[str]:
    """``length`` nodes walking clockwise from position ``home`` of ``ring``."""
    return [ring[(home + i) % len(ring)] for i in range(min(length, len(ring)))]


def sloppy_put(cluster: Cluster, coordinator: str, ring: Sequence[str], home: int, n: int, w: int,
               key, version, value) -> list[tuple[str, str | None]]:
    """Write to the first ``n`` *reachable* nodes walking the ring from ``home``: a node standing in
    for an unreachable home replica keeps the write as a hint for it. Returns ``(node, for_whom)``
    per acknowledgement (``for_whom`` None for a home replica) and raises TimeoutError under ``w``."""
    homes = preference_list(ring, home, n)
    missing = [h for h in homes if not cluster.can_reach(coordinator, h)]
    acks: list[tuple[str, str | None]] = []
    for name in homes:
        if name not in missing:
            cluster.rpc(coordinator, name, "put", key, version, value)
            acks.append((name, None))
    for name in preference_list(ring, home, len(ring))[n:]:
        if not missing:
            break
        if cluster.can_reach(coordinator, name):
            intended = missing.pop(0)
            cluster.rpc(coordinator, name, "hint", intended, key, version, value)
            acks.append((name, intended))
    if len(acks) < w:
        raise TimeoutError(f"only {len(acks)} of the {w} acknowledgements needed")
    return acks


def hand_off(cluster: Cluster) -> list[tuple[str, str, Any]]:
    """Every node delivers the hints whose intended node it can reach now (and forgets them)."""
    moved = []
    for node in cluster.nodes.values():
        if not isinstance(node, HintedNode) or not cluster.is_up(node.name):
            continue
        keep = []
        for intended, key, version, value in node.hints:
            if cluster.can_reach(node.name, intended):
                cluster.rpc(node.name, intended, "put", key, version, value)
                moved.append((node.name, intended, key))
            else:
                keep.append((intended, key, version, value))
        node.hints = keep
    return moved


# -- histories of a register -------------------------------------------------------------------------
def verify_linearization(history: Sequence[tuple], order: Any, initial: Any = None) -> str | None:
    """Why ``order`` is NOT a legal linearization of ``history`` (None when it is one).

    ``history``: operations ``(kind, value, start, end)``, kind "read" or "write", ``end``
    None for a write that never returned. ``order``: a list of indices into ``history``
    containing every completed operation once, and each pending write at most once. Legal:
    it respects real time (if ``a`` ended before ``b`` started, ``a`` comes first; an
    omitted pending write never took effect) and every read returns the value of the last
    write before it in the order (``initial`` if there is none).
    """
    if type(order) is not list or not all(type(i) is int for i in order):
        return f"expected a list of ints, got {order!r}"
    n = len(history)
    if any(not 0 <= i < n for i in order):
        return f"{order!r} has an index outside 0..{n - 1}"
    if len(set(order)) != len(order):
        return f"{order!r} lists an operation twice"
    missing = [i for i in range(n) if history[i][3] is not None and i not in order]
    if missing:
        return f"{order!r} leaves out the completed operation(s) {missing}"
    place = {op: k for k, op in enumerate(order)}
    for a in order:
        for b in order:
            end_a, start_b = history[a][3], history[b][2]
            if end_a is not None and end_a < start_b and place[a] > place[b]:
                return (f"operation {a} {history[a]!r} ended before operation {b} {history[b]!r} started, "
                        f"but {order!r} puts it after")
    value = initial
    for i in order:
        kind, v = history[i][0], history[i][1]
        if kind == "write":
            value = v
        elif v != value or type(v) is not type(value):
            return f"in {order!r}, read {i} {history[i]!r} should have returned {value!r}"
    return None


def draw_history(history: Sequence[tuple], ax, title: str = "", highlight: Iterable[int] = ()) -> None:
    """Operations as bars on a time line (one lane per overlapping operation, greedily)."""
    highlight = set(highlight)
    lanes_end: list[float] = []
    horizon = max([op[3] for op in history if op[3] is not None] + [op[2] for op in history]) + 1
    for i, (kind, value, start, end) in sorted(enumerate(history), key=lambda item: item[1][2]):
        stop = horizon if end is None else end
        lane = next((k for k, e in enumerate(lanes_end) if e < start), None)
        if lane is None:
            lane = len(lanes_end)
            lanes_end.append(stop)
        else:
            lanes_end[lane] = stop
        color = "#d62728" if i in highlight else ("#1f77b4" if kind == "write" else "#2ca02c")
        ax.barh(lane, stop - start, left=start, height=0.5, color=color, alpha=0.35 if end is None else 0.8,
                hatch="//" if end is None else None)
        label = f"{i}: {'w' if kind == 'write' else 'r'}({value!r})" + (" ..." if end is None else "")
        ax.text(start + 0.05, lane, label, va="center", fontsize=8)
    ax.set_yticks(range(len(lanes_end)))
    ax.set_yticklabels([f"lane {k}" for k in range(len(lanes_end))])
    ax.invert_yaxis()
    ax.set_xlabel("time")
    if title:
        ax.set_title(title)


# -- probes ------------------------------------------------------------------------------------------
@in_student
def unchanged(fn: Callable, *args) -> str:
    """Call ``fn(*args)`` where the student's function lives and say what became of the (plain-data)
    arguments: "unchanged", "changed", or "raised <Type>: <message>" (then nothing could be seen)."""
    before = copy.deepcopy(args)
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - reported as data
        return f"raised {type(exc).__name__}: {exc}"[:300]
    return "unchanged" if repr(args) == repr(before) and args == before else "changed"
