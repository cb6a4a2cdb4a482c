"""Teaching helpers and the grader's simulation for 19_capstone: a Dynamo-style key-value store.

Everything here runs on the shared simulated cluster (:mod:`course.runtime.cluster`): an
injected clock, scripted crashes and partitions, seeded randomness. The student writes the
coordinator, the anti-entropy sync and the failure detector; this module is the rest of the
store, the part that lives on the grader's side:

    from course.runtime.capstone import make_store, handles

    cluster, ring = make_store("ABCDE", clients=["c1"])     # 5 storage nodes, one client
    ring.get_nodes("cart", 5)        # ['B', 'E', 'A', 'D', 'C']: home replicas first (chapter 03)
    stubs = handles(cluster, "c1")   # {'A': <StoreStub c1->A>, ...}: get / put / hint
    stubs["B"].put("cart", {"c1": 1}, ["book"])              # True
    stubs["B"].get("cart")           # [({'c1': 1}, ['book'])]: the siblings B holds

**The ring** (:class:`HashRing`) follows the chapter-03 contract word for word: a string's
position is the first 8 bytes of its MD5 digest read big-endian; node ``n`` has ``vnodes``
virtual nodes at the positions of ``f"{n}#{i}"``; ``get_node(key)`` is the owner of the first
virtual node at or after the key (wrapping); ``get_nodes(key, k)`` the first ``k`` distinct
nodes walking clockwise (the preference list: its first N are the key's home replicas, the
rest stand in for them when they are down). Student code may call ``get_node`` and
``get_nodes`` on the grader's ring.

**A storage node** (:class:`StoreNode`) keeps, per key, a list of *siblings*: versions
``(clock, value)`` whose vector clocks (dicts ``name -> counter``, a missing entry is 0) are
pairwise concurrent. ``put(key, clock, value)`` stores the version unless a sibling it holds
is equal or newer (then it is ignored, and still acknowledged), and drops the siblings the new
version supersedes. ``hint(intended, key, clock, value)`` keeps a version aside for a home
replica that could not be reached (a separate store, never served by ``get``): every
``handoff_interval`` seconds the node sends each hint to its intended node (``send``; the
clock moves), which stores it and acknowledges; the acknowledgement deletes the hint. A hint
survives a crash of its holder (on disk, as in Dynamo); delivery resumes on recovery.

**Merkle trees.** ``merkle_handles(cluster, a, b, depth)`` gives the two handles of an
anti-entropy run on node ``a`` against node ``b``: ``local`` (a's own tree) and ``remote``
(b's, over the network). Both cover the keys the two nodes share (those whose N home
replicas include both). Level 0 is the root; level ``l`` has ``2**l`` nodes; the children of
``(l, i)`` are ``(l + 1, 2i)`` and ``(l + 1, 2i + 1)``; leaf ``i`` of a depth-``d`` tree holds
the keys whose ring position ``p`` has ``p >> (64 - d) == i``. A leaf's hash is the MD5 of its
items in a canonical form (keys sorted, each key's siblings sorted); an inner node's is the
MD5 of its children's hex digests, concatenated. Handles: ``hashes(level, indices)``,
``leaf(index)``, ``merge(items)``; the remote handle records what crossed the network
(``requested``, ``leaves``, ``bytes_in``, ``bytes_out``: a hash counts 16 bytes, an item the
length of its canonical form).

**Gossip** (:class:`GossipCluster`): every ``interval`` seconds each live node calls its
detector's ``heartbeat()`` and sends the digest it returns to ``fanout`` peers chosen by a
seeded generator of the grader's; a delivered digest goes to the receiver's ``merge``. A
crash loses the detector (volatile state); recovery builds a new one (a new generation).

**Teaching helpers**: :func:`merkle_cost` (what a sync exchanges, by tree depth),
:func:`gossip_staleness` (how old the freshest news of a live node gets under push gossip),
and :func:`context_unchanged` (a probe: does a coordinator's ``put`` leave its context argument alone?).

Nothing here sleeps or draws from a global random generator: every run replays exactly.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import random
from typing import Any, Callable, Iterable, Sequence

from .cluster import Cluster, Message, Node, Stub, stub_class
from .plain import copy_plain
from .probes import in_student

RING_BITS = 64
HASH_BYTES = 16          # an MD5 digest on the wire


# -- the ring (chapter 03's contract) ------------------------------------------------------------------
@functools.lru_cache(maxsize=1 << 16)    # a check asks for the same keys' positions again and again
def ring_position(text: str) -> int:
    """The ring position of a string: the first 8 bytes of its MD5 digest, big-endian."""
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


# get_nodes' answers, shared by every ring with the same nodes and vnodes (the points, hence every walk,
# depend on nothing else): a test builds the same small ring for each check and each notebook
_WALKS: dict[tuple, tuple[str, ...]] = {}
_WALKS_MAX = 200_000


class HashRing:
    """Consistent hashing with virtual nodes: chapter 03's ``HashRing``, as the course specifies it."""

    __remote_methods__ = ("get_node", "get_nodes")

    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100):
        if isinstance(vnodes, bool) or not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError(f"vnodes must be a positive int, got {vnodes!r}")
        self.vnodes = vnodes
        self._points: list[tuple[int, str]] = []
        self._nodes: list[str] = []
        self._ring_id: tuple | None = (frozenset(), vnodes)           # what decides every walk (see _WALKS)
        self.changes = 0                                             # nodes added or removed so far
        for node in nodes:
            self.add_node(node)

    def _identity(self) -> tuple | None:
        """What decides every walk: the set of nodes and vnodes (None, not cached, unless all are str)."""
        return (frozenset(self._nodes), self.vnodes) if all(type(x) is str for x in self._nodes) else None

    def add_node(self, node: str) -> None:
        if node in self._nodes:
            raise ValueError(f"{node!r} is already on the ring")
        self._nodes.append(node)
        self._ring_id = self._identity()
        self.changes += 1
        self._points = sorted(self._points + [(ring_position(f"{node}#{i}"), node) for i in range(self.vnodes)])

    def remove_node(self, node: str) -> None:
        if node not in self._nodes:
            raise KeyError(node)
        self._nodes.remove(node)
        self._ring_id = self._identity()
        self.changes += 1
        self._points = [p for p in self._points if p[1] != node]

    def _start(self, key: str) -> int:
        if not self._points:
            raise LookupError("the ring is empty")
        return bisect.bisect_left(self._points, (ring_position(key), "")) % len(self._points)

    def get_node(self, key: str) -> str:
        return self._points[self._start(key)][1]

    def get_nodes(self, key: str, n: int) -> list[str]:
        """The first ``min(n, len(ring))`` distinct nodes met walking clockwise from the key."""
        cacheable = self._ring_id is not None and type(key) is str and len(key) <= 256 and type(n) is int
        cache_key = (self._ring_id, key, n) if cacheable else None
        walk = _WALKS.get(cache_key) if cacheable else None
        if walk is None:
            wanted = min(n, len(self._nodes))
            found: list[str] = []
            if wanted > 0:
                start = self._start(key)
                for step in range(len(self._points)):
                    node = self._points[(start + step) % len(self._points)][1]
                    if node not in found:
                        found.append(node)
                        if len(found) == wanted:
                            break
            walk = tuple(found)
            if cacheable:
                if len(_WALKS) >= _WALKS_MAX:
                    _WALKS.clear()
                _WALKS[cache_key] = walk
        return list(walk)

    def nodes(self) -> list[str]:
        return list(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node) -> bool:
        return node in self._nodes

    def __repr__(self) -> str:
        return f"HashRing({self._nodes!r}, vnodes={self.vnodes})"


# -- vector clocks (the grader's own, for the store) ----------------------------------------------------
def descends(a: dict, b: dict) -> bool:
    """True if clock ``a`` has seen everything ``b`` has: every entry of ``b`` <= ``a``'s (equal counts)."""
    return all(a.get(node, 0) >= count for node, count in b.items())


def relation(a: dict, b: dict) -> str:
    """``"before"``, ``"after"``, ``"equal"`` or ``"concurrent"`` (a missing entry counts as 0)."""
    ab, ba = descends(b, a), descends(a, b)
    return "equal" if ab and ba else "before" if ab else "after" if ba else "concurrent"


def check_clock(clock: Any) -> None:
    """A clock must be a dict of str -> int >= 0 (raises TypeError with the reason, for the caller)."""
    if type(clock) is not dict or not all(type(k) is str and type(v) is int and v >= 0 for k, v in clock.items()):
        raise TypeError(f"a vector clock is a dict of node name (str) -> counter (int >= 0), got {clock!r}")


# the encoders of canonical(), made once (json.dumps with options makes a new one per call)
_SIBLING_JSON = json.JSONEncoder(sort_keys=True, default=repr)
_ITEM_JSON = json.JSONEncoder(sort_keys=True, default=repr, separators=(",", ":"))


def canonical(key: Any, versions: Sequence) -> bytes:
    """An item (a key and its siblings) in canonical form: what a leaf hash covers, and its size."""
    sibs = sorted(_SIBLING_JSON.encode([sorted(c.items()), v]) for c, v in versions)
    return _ITEM_JSON.encode([key, sibs]).encode("utf-8")


def item_bytes(key: Any, versions: Sequence) -> int:
    return len(canonical(key, versions))


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def leaf_of(key: str, depth: int) -> int:
    """The leaf of a depth-``depth`` Merkle tree holding ``key``: the top ``depth`` bits of its ring position."""
    return ring_position(key) >> (RING_BITS - depth) if depth else 0


# -- a storage node -----------------------------------------------------------------------------------------
class StoreNode(Node):
    """A replica of the Dynamo-style store: siblings per key, hints, and Merkle trees. See the module docstring."""

    def __init__(self, name: str, cluster: Cluster):
        super().__init__(name, cluster)
        self.data: dict[Any, list[tuple[dict, Any]]] = {}
        self.hints: dict[int, tuple[str, Any, dict, Any]] = {}
        self.ring: HashRing | None = None
        self.n = 3
        self.handoff_interval = 1.0
        self.puts = self.gets = self.hinted = 0
        self.handed_off: list[tuple[float, str, Any]] = []   # (time, intended, key) once acknowledged
        self._next_hint = 0
        self._armed = False
        self._trees: dict[tuple, list[list[str]]] = {}
        # what the trees are built from, kept until it changes: each key's canonical form (until
        # the key is stored again) and the shared keys of each scope and ring state (until a new key)
        self._canonical: dict[Any, bytes] = {}
        self._shared: dict[tuple, list] = {}

    # -- storage --
    def store(self, key, clock: dict, value) -> bool:
        """Apply one version with sibling semantics; True if it was kept."""
        check_clock(clock)
        current = self.data.get(key, [])
        if any(descends(held, clock) for held, _ in current):
            return False
        kept = [(held, v) for held, v in current if not descends(clock, held)]
        if key not in self.data:
            self._shared.clear()
        self.data[key] = kept + [(copy_plain(clock), copy_plain(value))]
        self._canonical.pop(key, None)
        self._trees.clear()
        return True

    def siblings(self, key) -> list[tuple[dict, Any]]:
        return copy_plain(self.data.get(key, []))

    def values(self, key) -> list:
        """The values of the siblings held for ``key`` (sorted by their repr: for tests and tables)."""
        return sorted((v for _, v in self.data.get(key, [])), key=repr)

    # -- what a coordinator may call --
    def rpc_get(self, key):
        self.gets += 1
        return [(dict(c), v) for c, v in copy_plain(self.data.get(key, []))]

    def rpc_put(self, key, clock, value) -> bool:
        self.puts += 1
        self.store(key, clock, value)
        return True

    def rpc_hint(self, intended, key, clock, value) -> bool:
        check_clock(clock)
        if intended not in self.cluster.nodes or not isinstance(self.cluster.nodes[intended], StoreNode):
            raise ValueError(f"hint for {intended!r}: not a storage node of this cluster")
        if intended == self.name:
            raise ValueError(f"{self.name} was asked to keep a hint for itself (a home replica takes put, not hint)")
        self.hinted += 1
        self._next_hint += 1
        self.hints[self._next_hint] = (intended, copy_plain(key), copy_plain(clock), copy_plain(value))
        self._arm()
        return True

    # -- hinted handoff: timers and messages --
    def _arm(self) -> None:
        if self.hints and not self._armed and self.cluster.is_up(self.name):
            self._armed = True
            self.cluster.schedule(self.handoff_interval, self._handoff_round)

    def _handoff_round(self) -> None:
        self._armed = False
        if not self.cluster.is_up(self.name):
            return
        for hid, (intended, key, clock, value) in list(self.hints.items()):
            self.cluster.send(self.name, intended, "handoff", (hid, key, clock, value))
        self._arm()

    def receive(self, message: Message) -> None:
        if message.kind == "handoff":
            hid, key, clock, value = message.payload
            self.store(key, clock, value)
            self.cluster.send(self.name, message.src, "handoff-ack", hid)
        elif message.kind == "handoff-ack":
            hint = self.hints.pop(message.payload, None)
            if hint is not None:
                self.handed_off.append((self.cluster.now, hint[0], hint[1]))

    def on_recover(self) -> None:
        self._arm()

    def hint_list(self) -> list[tuple[str, Any, dict, Any]]:
        """The hints held, oldest first: (intended, key, clock, value)."""
        return [copy_plain(h) for _, h in sorted(self.hints.items())]

    # -- Merkle trees --
    def shared_keys(self, scope: tuple) -> list:
        """Keys held here whose N home replicas include every node of ``scope``, sorted."""
        cache = (scope, None if self.ring is None else (id(self.ring), self.ring.changes, self.n))
        keys = self._shared.get(cache)
        if keys is None:
            if self.ring is None:
                keys = sorted(self.data, key=repr)
            else:
                keys = sorted((k for k in self.data if set(scope) <= set(self.ring.get_nodes(k, self.n))), key=repr)
            self._shared[cache] = keys
        return list(keys)

    def tree(self, scope: tuple, depth: int) -> list[list[str]]:
        """The Merkle tree over the shared keys: levels[0] = [root], levels[depth] = the leaves."""
        cache = (tuple(scope), depth)
        if cache not in self._trees:
            leaves: list[list[bytes]] = [[] for _ in range(2 ** depth)]
            for key in self.shared_keys(scope):
                form = self._canonical.get(key)
                if form is None:
                    form = self._canonical[key] = canonical(key, self.data[key])
                leaves[leaf_of(key, depth)].append(form)
            levels = [[md5_hex(b"".join(items)) for items in leaves]]
            while len(levels[0]) > 1:
                below = levels[0]
                levels.insert(0, [md5_hex((below[2 * i] + below[2 * i + 1]).encode()) for i in range(len(below) // 2)])
            self._trees[cache] = levels
        return self._trees[cache]

    def leaf_items(self, scope: tuple, depth: int, index: int) -> list:
        return [(k, copy_plain(self.data[k])) for k in self.shared_keys(scope) if leaf_of(k, depth) == index]

    def rpc_hashes(self, scope, depth, level, indices):
        if type(level) is not int or not 0 <= level <= depth:
            raise ValueError(f"level must be an int in 0..{depth}, got {level!r}")
        if type(indices) not in (list, tuple) or not all(type(i) is int and 0 <= i < 2 ** level for i in indices):
            raise ValueError(f"indices of level {level} must be a list of ints in 0..{2 ** level - 1}, got {indices!r}")
        levels = self.tree(tuple(scope), depth)
        return [levels[level][i] for i in indices]

    def rpc_leaf(self, scope, depth, index):
        if type(index) is not int or not 0 <= index < 2 ** depth:
            raise ValueError(f"a leaf index of a depth-{depth} tree is an int in 0..{2 ** depth - 1}, got {index!r}")
        return self.leaf_items(tuple(scope), depth, index)

    def rpc_merge(self, items) -> bool:
        if type(items) not in (list, tuple):
            raise TypeError(f"merge takes a list of (key, versions) items, got {items!r}")
        for item in items:
            if type(item) not in (list, tuple) or len(item) != 2 or type(item[1]) not in (list, tuple):
                raise TypeError(f"an item is (key, [(clock, value), ...]), got {item!r}")
            key, versions = item
            for version in versions:
                if type(version) not in (list, tuple) or len(version) != 2:
                    raise TypeError(f"a version is (clock, value), got {version!r}")
                self.store(key, version[0], version[1])
        return True


StoreStub = stub_class("StoreStub", ("get", "put", "hint"))


class MerkleHandle(Stub):
    """One side of an anti-entropy run: a replica's Merkle tree, as the running node reaches it.

    Calls are ``cluster.rpc`` (a node that cannot be reached raises TimeoutError). The handle
    records what it carried: every hash requested, every leaf fetched, the bytes of items in
    and out. For ``local`` (src == dst) nothing crosses a network; tests read ``remote``.
    """

    __remote_methods__ = ("hashes", "leaf", "merge")

    def __init__(self, cluster: Cluster, src: str, dst: str, scope: tuple, depth: int):
        super().__init__(cluster, src, dst)
        self.scope = tuple(sorted(scope))
        self.depth = depth
        self.requested: list[tuple[int, int]] = []
        self.leaves: list[int] = []
        self.bytes_in = 0
        self.bytes_out = 0
        self.merged: list[Any] = []

    def hashes(self, level, indices):
        indices = list(indices) if type(indices) in (list, tuple) else indices
        result = self._cluster.rpc(self.src, self.dst, "hashes", self.scope, self.depth, level, indices)
        self.requested += [(level, i) for i in indices]
        return result

    def leaf(self, index):
        result = self._cluster.rpc(self.src, self.dst, "leaf", self.scope, self.depth, index)
        self.leaves.append(index)
        self.bytes_in += sum(item_bytes(k, v) for k, v in result)
        return result

    def merge(self, items):
        result = self._cluster.rpc(self.src, self.dst, "merge", items)
        items = list(items)
        self.bytes_out += sum(item_bytes(k, v) for k, v in items)
        self.merged += [k for k, _ in items]
        return result

    @property
    def hash_bytes(self) -> int:
        return HASH_BYTES * len(self.requested)


# -- building a store --------------------------------------------------------------------------------------------
def make_store(nodes: Iterable[str], clients: Iterable[str] = ("c1",), *, n: int = 3, vnodes: int = 100,
               seed: int = 0, latency: Any = 0.005, handoff_interval: float = 1.0,
               start: float = 0.0) -> tuple[Cluster, HashRing]:
    """A cluster of storage nodes (``nodes``) on a ring, and client nodes (``clients``, no storage)."""
    nodes, clients = list(nodes), list(clients)

    def factory(name: str, cluster: Cluster) -> Node:
        return StoreNode(name, cluster) if name in nodes else Node(name, cluster)

    cluster = Cluster(nodes + clients, seed=seed, latency=latency, node_factory=factory, start=start)
    ring = HashRing(nodes, vnodes=vnodes)
    for name in nodes:
        node = cluster.nodes[name]
        node.ring, node.n, node.handoff_interval = ring, n, handoff_interval
    return cluster, ring


def handles(cluster: Cluster, client: str) -> dict[str, Stub]:
    """``{node: StoreStub}``: the client's handle on every storage node (what a Coordinator gets)."""
    return {name: cluster.stub(client, name, StoreStub) for name, node in cluster.nodes.items()
            if isinstance(node, StoreNode)}


def merkle_handles(cluster: Cluster, a: str, b: str, depth: int) -> tuple[MerkleHandle, MerkleHandle]:
    """(local, remote): an anti-entropy run on ``a`` against ``b``, with trees of depth ``depth``."""
    if not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be an int >= 0, got {depth!r}")
    scope = (a, b)
    return MerkleHandle(cluster, a, a, scope, depth), MerkleHandle(cluster, a, b, scope, depth)


def differing_leaves(cluster: Cluster, a: str, b: str, depth: int) -> list[int]:
    """The leaves whose hashes differ between ``a`` and ``b`` (the truth a sync should find)."""
    scope = tuple(sorted((a, b)))
    la, lb = cluster.nodes[a].tree(scope, depth)[depth], cluster.nodes[b].tree(scope, depth)[depth]
    return [i for i, (x, y) in enumerate(zip(la, lb)) if x != y]


def sync_hashes(leaves: Iterable[int], depth: int) -> int:
    """Hashes a top-down comparison fetches from the remote when ``leaves`` differ: the root, and
    both children of every differing node above the leaves (a node differs iff a leaf below it does)."""
    leaves = set(leaves)
    if not leaves:
        return 1
    return 1 + 2 * sum(len({leaf >> (depth - level) for leaf in leaves}) for level in range(depth))


def leaf_bytes(cluster: Cluster, node: str, peer: str, depth: int, leaves: Iterable[int]) -> int:
    """Bytes of ``node``'s items (shared with ``peer``) in ``leaves``."""
    scope = tuple(sorted((node, peer)))
    return sum(item_bytes(k, v) for leaf in leaves for k, v in cluster.nodes[node].leaf_items(scope, depth, leaf))


def holdings(cluster: Cluster, key, nodes: Iterable[str] | None = None) -> dict[str, list]:
    """``{node: sorted values}`` held for ``key`` (every storage node unless ``nodes``)."""
    names = nodes if nodes is not None else [n for n, node in cluster.nodes.items() if isinstance(node, StoreNode)]
    return {name: cluster.nodes[name].values(key) for name in names}


def all_hints(cluster: Cluster) -> dict[str, list]:
    """``{node: [(intended, key, clock, value), ...]}`` for the nodes holding hints."""
    return {name: node.hint_list() for name, node in cluster.nodes.items()
            if isinstance(node, StoreNode) and node.hints}


# -- gossip ---------------------------------------------------------------------------------------------------
class GossipNode(Node):
    """A member of a gossip cluster: it drives its (student-written) detector. See :class:`GossipCluster`."""

    def __init__(self, name: str, cluster: Cluster):
        super().__init__(name, cluster)
        self.detector: Any = None
        self.group: "GossipCluster | None" = None
        self.rng = random.Random(0)
        self.sent = 0
        self.merged = 0

    def round(self) -> None:
        group = self.group
        if group is None:
            return
        if self.cluster.is_up(self.name) and self.detector is not None:
            digest = self.detector.heartbeat()
            peers = [p for p in group.names if p != self.name]
            for peer in self.rng.sample(peers, min(group.fanout, len(peers))):
                self.cluster.send(self.name, peer, "gossip", digest)
                self.sent += 1
        self.cluster.schedule(group.interval, self.round)

    def receive(self, message: Message) -> None:
        if message.kind == "gossip" and self.detector is not None:
            self.detector.merge(message.payload)
            self.merged += 1

    def on_crash(self) -> None:
        self.detector = None              # volatile: the process is gone

    def on_recover(self) -> None:
        if self.group is not None:
            self.detector = self.group.make_detector(self.name, self.cluster.clock)


class GossipCluster:
    """Nodes that gossip heartbeats through detectors built by ``make_detector(name, clock)``.

    Every ``interval`` seconds (first round at ``interval``) each live node calls its detector's
    ``heartbeat()`` and sends the returned digest to ``fanout`` peers picked by the node's own
    ``random.Random``, seeded from ``seed`` and its name; messages take ``latency`` seconds.
    """

    def __init__(self, names: Sequence[str], make_detector: Callable[[str, Any], Any], *, interval: float = 1.0,
                 fanout: int = 1, latency: float = 0.01, seed: int = 0):
        if fanout < 1:
            raise ValueError("fanout must be at least 1")
        self.names = list(names)
        self.make_detector = make_detector
        self.interval = float(interval)
        self.fanout = fanout
        self.cluster = Cluster(self.names, seed=seed, latency=latency, node_factory=GossipNode)
        for name in self.names:
            node = self.cluster.nodes[name]
            node.group = self
            node.rng = random.Random(f"{seed}:{name}")
            node.detector = make_detector(name, self.cluster.clock)
        for name in self.names:
            self.cluster.schedule(self.interval, self.cluster.nodes[name].round)

    @property
    def now(self) -> float:
        return self.cluster.now

    def detector(self, name: str):
        return self.cluster.nodes[name].detector

    def run_until(self, time: float) -> None:
        self.cluster.run_until(time)

    def crash(self, name: str) -> None:
        self.cluster.crash(name)

    def recover(self, name: str) -> None:
        self.cluster.recover(name)

    def partition(self, *groups: Iterable[str]) -> None:
        self.cluster.partition(*groups)

    def heal(self) -> None:
        self.cluster.heal()

    def view(self, observers: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
        """``{observer: {member: status}}`` for every live observer (one round trip per observer)."""
        from .checks import calls

        out = {}
        for name in (observers if observers is not None else self.names):
            det = self.detector(name)
            if det is None:
                continue
            others = [m for m in self.names if m != name]
            out[name] = dict(zip(others, calls(det, [("status", (m,)) for m in others])))
        return out


# -- teaching helpers -------------------------------------------------------------------------------------------
def merkle_cost(keys: int, changed: int, max_depth: int = 24, seed: int = 0, bytes_per_item: int = 1000) -> list[dict]:
    """What a top-down sync exchanges, for every tree depth 0..``max_depth``, when ``changed`` of the ``keys``
    two replicas share differ (their ring positions a seeded uniform draw). Hashes are counted as fetched
    from the remote (the root, then both children of every differing node: :func:`sync_hashes`); items go
    both ways, the changed keys plus the *expected* number of unchanged keys sharing their leaves
    (``(keys - changed) * differing_leaves / 2**depth``: an average, not a draw)."""
    rng = random.Random(seed)
    positions = [rng.getrandbits(RING_BITS) for _ in range(min(changed, keys))]
    distinct = [len({p >> (RING_BITS - level) for p in positions}) if level else min(1, len(positions))
                for level in range(max_depth + 1)]
    out = []
    for depth in range(max_depth + 1):
        hashes = 1 + 2 * sum(distinct[:depth]) if positions else 1
        leaves = distinct[depth]
        sent = len(positions) + (keys - len(positions)) * leaves / 2 ** depth
        out.append({"depth": depth, "differing_leaves": leaves, "hash_bytes": HASH_BYTES * hashes,
                    "keys_sent": sent, "item_bytes": 2 * sent * bytes_per_item,
                    "total_bytes": HASH_BYTES * hashes + 2 * sent * bytes_per_item})
    return out


def gossip_staleness(n: int, fanout: int = 1, rounds: int = 200, seed: int = 0, warmup: int = 30) -> list[int]:
    """Push gossip of heartbeats among ``n`` live nodes: each round every node beats and sends everything it
    knows to ``fanout`` random peers (delivered within the round). Returns, for every (observer, member,
    round) after ``warmup``, how many rounds old the observer's freshest heartbeat of the member is: the
    age a suspicion timeout must tolerate to never suspect a live node."""
    if n < 2:
        raise ValueError("need at least two nodes")
    rng = random.Random(seed)
    known = [[0] * n for _ in range(n)]          # known[i][j]: newest heartbeat (a round number) of j known by i
    ages: list[int] = []
    for r in range(1, rounds + 1):
        for j in range(n):
            known[j][j] = r
        sends = []
        for j in range(n):
            peers = rng.sample([p for p in range(n) if p != j], min(fanout, n - 1))
            sends += [(j, p, list(known[j])) for p in peers]
        for _, dst, table in sends:
            row = known[dst]
            for m in range(n):
                if table[m] > row[m]:
                    row[m] = table[m]
        if r > warmup:
            ages += [r - known[i][j] for i in range(n) for j in range(n) if i != j]
    return ages


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100), nearest rank."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


# -- probes -------------------------------------------------------------------------------------------------------
@in_student
def context_unchanged(coordinator: Any, key: Any, value: Any, context: dict) -> str:
    """Call ``coordinator.put(key, value, context)`` where the student's object lives and say what became of
    ``context``: "unchanged", "changed to ..." or "raised <Type>: <message>"."""
    before = copy_plain(context)
    try:
        coordinator.put(key, value, context)
    except Exception as exc:  # noqa: BLE001 - reported as data
        return f"raised {type(exc).__name__}: {exc}"[:300]
    return "unchanged" if type(context) is dict and context == before else f"changed to {context!r}"[:300]
