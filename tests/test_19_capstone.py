"""19_capstone: the notebook's real test cells against a catalog of other implementations, and unit
tests of the grader's side of the store (course/runtime/capstone.py): the ring, the storage nodes
and their hinted handoff, Merkle trees, the gossip cluster, and the teaching helpers."""
import itertools

import pytest

from harness import catalog_test

CONTRACT = {
    "Coordinator": {"__init__": "(self, name, ring, replicas, n=3, r=2, w=2)", "put": "(self, key, value, context=None)",
                    "get": "(self, key)"},
    "anti_entropy": "(local, remote, depth)",
    "GossipDetector": {"__init__": "(self, name, members, clock, t_suspect, t_fail)", "heartbeat": "(self)",
                       "merge": "(self, digest)", "status": "(self, member)"},
    "SECONDS_PER_DAY": None,
    "average_qps": "(requests_per_day)",
    "peak_qps": "(requests_per_day, peak_factor=3.0)",
    "storage_bytes": "(writes_per_day, bytes_per_write, years=5, replication=1)",
    "TIMELINE_READS_PEAK_PER_S": None,
    "FANOUT_WRITES_PER_S": None,
    "TWEET_STORAGE_TB": None,
}

test_catalog = catalog_test("19_capstone")


# -- the grader's side of the store --------------------------------------------------------------
from course.runtime.capstone import (HASH_BYTES, GossipCluster, HashRing, all_hints, canonical,  # noqa: E402
                                     descends, differing_leaves, gossip_staleness, handles, holdings,
                                     item_bytes, leaf_bytes, leaf_of, make_store, merkle_cost, merkle_handles,
                                     percentile, relation, ring_position, sync_hashes)
from course.runtime.clocks import FakeClock  # noqa: E402


def test_ring_follows_the_chapter_03_contract():
    ring = HashRing(["cache-a", "cache-b", "cache-c"], vnodes=3)
    assert ring.get_node("user:1") == "cache-c" and ring.get_nodes("user:1", 2) == ["cache-c", "cache-b"]
    assert ring.get_node("user:42") == "cache-a" and ring.get_node("user:2") == "cache-a"
    assert ring.get_node("cache-b#2") == "cache-b" and ring.get_nodes("user:1", 9) == ["cache-c", "cache-b", "cache-a"]
    assert ring_position("user:1") / 2 ** 64 == pytest.approx(0.7410, abs=1e-4)
    assert len(ring) == 3 and "cache-a" in ring and HashRing.__remote_methods__ == ("get_node", "get_nodes")
    with pytest.raises(ValueError):
        HashRing(vnodes=0)
    with pytest.raises(LookupError):
        HashRing().get_node("k")
    ring.remove_node("cache-c")
    assert ring.get_node("user:1") == "cache-b" and ring.nodes() == ["cache-a", "cache-b"]
    with pytest.raises(ValueError):
        ring.add_node("cache-a")


def test_vector_clock_relations():
    assert relation({"a": 1}, {"a": 2}) == "before" and relation({"a": 2}, {"a": 1}) == "after"
    assert relation({"a": 1, "b": 0}, {"a": 1}) == "equal" and relation({"a": 1}, {"b": 1}) == "concurrent"
    assert descends({"a": 2, "b": 1}, {"a": 1}) and not descends({"a": 1}, {"b": 1})


def test_store_node_keeps_siblings_and_ignores_old_versions():
    cluster, ring = make_store("ABC", ["app"])
    node = cluster.nodes["A"]
    assert node.store("k", {"x": 1}, "v1") and node.store("k", {"x": 2}, "v2")
    assert not node.store("k", {"x": 1}, "late") and not node.store("k", {"x": 2}, "same clock")
    assert node.store("k", {"y": 1}, "other") and node.values("k") == ["other", "v2"]
    assert node.store("k", {"x": 2, "y": 1}, "merged") and node.siblings("k") == [({"x": 2, "y": 1}, "merged")]
    stub = handles(cluster, "app")["A"]
    assert stub.put("k", {"x": 1}, "stale") is True and stub.get("k") == [({"x": 2, "y": 1}, "merged")]
    assert stub.get("missing") == [] and node.puts == 1 and node.gets == 2
    with pytest.raises(TypeError):
        stub.put("k", {"x": "1"}, "bad clock")
    with pytest.raises(ValueError):
        stub.hint("A", "k", {"x": 1}, "for myself")


def test_hinted_handoff_delivers_after_recovery_and_survives_a_crash_of_its_holder():
    cluster, ring = make_store("ABC", ["app"], handoff_interval=1.0, latency=0.01)
    stubs = handles(cluster, "app")
    cluster.crash("C")
    assert stubs["B"].hint("C", "k", {"x": 1}, "v") is True
    cluster.run_for(2.5)
    assert all_hints(cluster) == {"B": [("C", "k", {"x": 1}, "v")]} and cluster.nodes["C"].values("k") == []
    cluster.crash("B")                       # the holder crashes: its hints stay (on disk), delivery stops
    cluster.recover("C")
    cluster.run_for(3.0)
    assert cluster.nodes["C"].values("k") == [] and all_hints(cluster)
    cluster.recover("B")
    cluster.run_for(1.5)                     # the round 1 s after recovery delivers, the ack deletes it
    assert cluster.nodes["C"].values("k") == ["v"] and all_hints(cluster) == {}
    assert [(intended, key) for _, intended, key in cluster.nodes["B"].handed_off] == [("C", "k")]
    cluster.run_for(10.0)
    assert cluster.pending() == 0            # no timer left once every hint is delivered


def test_merkle_trees_hash_shared_keys_order_independently():
    cluster, ring = make_store("ABCDE", ["app"], vnodes=16)
    shared = [k for k in (f"k{i}" for i in range(400)) if {"A", "B"} <= set(ring.get_nodes(k, 3))][:60]
    for key in shared:
        cluster.nodes["A"].store(key, {"x": 1}, key)
        cluster.nodes["B"].store(key, {"x": 1}, key)
    cluster.nodes["A"].store(shared[0], {"y": 1}, "one")
    cluster.nodes["A"].store(shared[0], {"z": 1}, "two")
    cluster.nodes["B"].store(shared[0], {"z": 1}, "two")
    cluster.nodes["B"].store(shared[0], {"y": 1}, "one")     # same siblings, other order
    assert differing_leaves(cluster, "A", "B", 5) == []
    cluster.nodes["A"].store(shared[1], {"x": 2}, "changed")
    assert differing_leaves(cluster, "A", "B", 5) == [leaf_of(shared[1], 5)]
    local, remote = merkle_handles(cluster, "A", "B", 5)
    assert remote.hashes(0, [0]) != local.hashes(0, [0]) and remote.requested == [(0, 0)]
    items = remote.leaf(leaf_of(shared[1], 5))
    assert remote.bytes_in == sum(item_bytes(k, v) for k, v in items) > 0 and remote.leaves == [leaf_of(shared[1], 5)]
    assert local.merge(items) is True and remote.bytes_out == 0 and local.bytes_out == sum(item_bytes(k, v) for k, v in items)
    assert cluster.nodes["A"].values(shared[1]) == ["changed"]          # older version ignored
    with pytest.raises(ValueError):
        remote.hashes(6, [0])
    with pytest.raises(ValueError):
        remote.leaf(32)
    assert canonical("k", [({"b": 1}, 2), ({"a": 1}, 1)]) == canonical("k", [({"a": 1}, 1), ({"b": 1}, 2)])


def test_merkle_trees_cover_only_the_keys_both_nodes_replicate():
    cluster, ring = make_store("ABCDE", ["app"], vnodes=16)
    mine = next(k for k in (f"k{i}" for i in range(400)) if "A" in ring.get_nodes(k, 3) and "B" not in ring.get_nodes(k, 3))
    cluster.nodes["A"].store(mine, {"x": 1}, "A only, and B is not a home")
    assert differing_leaves(cluster, "A", "B", 3) == [] and leaf_bytes(cluster, "A", "B", 3, range(8)) == 0


def test_sync_cost_helpers():
    assert sync_hashes([], 5) == 1 and sync_hashes([0], 0) == 1 and sync_hashes([3], 4) == 9
    assert sync_hashes([0, 1], 3) == 1 + 2 * 3 and sync_hashes([0, 7], 3) == 1 + 2 * (1 + 2 + 2)
    rows = merkle_cost(100_000, 10, max_depth=12, seed=1, bytes_per_item=100)
    assert [r["depth"] for r in rows] == list(range(13)) and rows[0]["keys_sent"] == 100_000
    assert rows[0]["hash_bytes"] == HASH_BYTES and rows[12]["hash_bytes"] == HASH_BYTES * (1 + 2 * sum(
        min(10, 2 ** level) for level in range(12))) or rows[12]["hash_bytes"] <= HASH_BYTES * (1 + 2 * 10 * 12)
    assert rows[12]["keys_sent"] < rows[6]["keys_sent"] and merkle_cost(5, 0, 3)[3]["total_bytes"] == HASH_BYTES


class _Detector:
    """A minimal correct detector for the gossip cluster's own tests."""

    def __init__(self, name, members, clock):
        self.name, self.clock, self.gen, self.beats = name, clock, clock(), 0
        self.table, self.heard = {}, {m: self.gen for m in members if m != name}

    def heartbeat(self):
        self.beats += 1
        return {self.name: (self.gen, self.beats), **self.table}

    def merge(self, digest):
        for member, entry in digest.items():
            if member in self.heard and (member not in self.table or tuple(entry) > self.table[member]):
                self.table[member], self.heard[member] = tuple(entry), self.clock()

    def status(self, member):
        age = 0 if member == self.name else self.clock() - self.heard[member]
        return "dead" if age >= 6 else "suspect" if age >= 3 else "alive"


def test_gossip_cluster_drives_detectors_deterministically():
    members = ["A", "B", "C", "D"]

    def run(seed):
        gossip = GossipCluster(members, lambda name, clock: _Detector(name, members, clock), fanout=1, seed=seed)
        gossip.run_until(3.5)
        gossip.crash("B")
        assert gossip.detector("B") is None and "B" not in gossip.view()
        gossip.run_until(20.0)
        view = gossip.view()
        gossip.recover("B")
        assert gossip.detector("B").gen == 20.0
        gossip.run_until(25.0)
        return view, gossip.view(), [n.sent for n in gossip.cluster.nodes.values()]

    first, again = run(1), run(1)
    assert first == again
    assert all(statuses["B"] == "dead" for statuses in first[0].values())
    assert all(statuses["B"] == "alive" for name, statuses in first[1].items() if name != "B")
    all_to_all = GossipCluster(members, lambda name, clock: _Detector(name, members, clock), fanout=3)
    all_to_all.run_until(1.5)
    assert [n.sent for n in all_to_all.cluster.nodes.values()] == [3] * 4
    with pytest.raises(ValueError):
        GossipCluster(members, lambda name, clock: _Detector(name, members, clock), fanout=0)


def test_gossip_staleness_grows_with_the_cluster_and_shrinks_with_fanout():
    small, big = gossip_staleness(8, 1, rounds=120, seed=2), gossip_staleness(64, 1, rounds=120, seed=2)
    two = gossip_staleness(64, 2, rounds=120, seed=2)
    assert percentile(small, 99) < percentile(big, 99) and percentile(two, 99) < percentile(big, 99)
    assert min(small) >= 0 and gossip_staleness(8, 1, rounds=120, seed=2) == small
    with pytest.raises(ValueError):
        gossip_staleness(1)


def test_make_store_wires_ring_and_clients():
    cluster, ring = make_store("ABCDE", ["c1", "c2"], n=2, vnodes=10, start=5.0)
    assert sorted(handles(cluster, "c1")) == list("ABCDE") and cluster.now == 5.0
    assert all(cluster.nodes[n].ring is ring and cluster.nodes[n].n == 2 for n in "ABCDE")
    assert holdings(cluster, "k") == {n: [] for n in "ABCDE"} and not hasattr(cluster.nodes["c1"], "data")
    for a, b in itertools.combinations("AB", 2):
        local, remote = merkle_handles(cluster, a, b, 2)
        assert (local.src, local.dst, remote.src, remote.dst) == (a, a, a, b)
    with pytest.raises(ValueError):
        merkle_handles(cluster, "A", "B", -1)
