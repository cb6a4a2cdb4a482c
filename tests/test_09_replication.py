"""09_replication: the notebook's real test cells against a catalog of other implementations,
and unit tests of the simulated cluster (course/runtime/cluster.py) and the chapter's helpers."""
import itertools

import pytest

from harness import catalog_test

CONTRACT = {
    "ReadRouter": {"__init__": "(self, leader, followers)", "write": "(self, session, key, value)",
                   "read": "(self, session, key)"},
    "failover": "(log, acked, followers, max_lag=None)",
    "vc_increment": "(clock, node)",
    "vc_merge": "(a, b)",
    "vc_compare": "(a, b)",
    "vc_siblings": "(versions)",
    "QuorumClient": {"__init__": "(self, replicas, r, w, clock, client_id)", "put": "(self, key, value)",
                     "get": "(self, key)"},
    "linearize": "(history, initial=None)",
}

test_catalog = catalog_test("09_replication")


# -- the simulated cluster -----------------------------------------------------------------------
from course.runtime.cluster import Cluster, KVNode, Node, ReplicaStub, stub_class  # noqa: E402
from course.runtime.replication import (HintedNode, LogCluster, hand_off, lag_samples, percentile,  # noqa: E402
                                        quorum_write_latencies, sloppy_put, verify_linearization)


def test_events_run_in_time_order_and_ties_in_schedule_order():
    cluster = Cluster(["A"])
    seen = []
    cluster.schedule(2.0, seen.append, "late")
    cluster.schedule(1.0, seen.append, "first")
    cluster.schedule(1.0, seen.append, "second")
    cluster.run_until(1.5)
    assert seen == ["first", "second"] and cluster.now == 1.5 and cluster.clock() == 1.5
    cluster.run()
    assert seen == ["first", "second", "late"] and cluster.now == 2.0
    with pytest.raises(ValueError):
        cluster.schedule(-1, seen.append, "past")


def test_messages_are_delayed_dropped_and_partitioned_deterministically():
    class Inbox(Node):
        def __init__(self, name, cluster):
            super().__init__(name, cluster)
            self.got = []

        def receive(self, message):
            self.got.append((round(self.cluster.now, 6), message.kind, message.payload))

    def run(seed):
        cluster = Cluster(["A", "B"], seed=seed, latency=(0.01, 0.02), node_factory=Inbox)
        for i in range(5):
            cluster.send("A", "B", "m", i)
        cluster.run()
        return cluster.nodes["B"].got

    assert run(3) == run(3) and run(3) != run(4)
    assert all(0.01 <= t <= 0.02 for t, _, _ in run(3))
    cluster = Cluster(["A", "B", "C"], latency=0.5, node_factory=Inbox)
    cluster.drop_next("A", "B", count=1, after=1)
    for i in range(3):
        cluster.send("A", "B", "m", i)
    cluster.send("A", "C", "m", "in flight")
    cluster.partition(["A", "B"], ["C"])            # cut while the message to C is in flight
    cluster.run()
    assert [p for _, _, p in cluster.nodes["B"].got] == [0, 2] and cluster.nodes["C"].got == []
    drops = [r.what[2] for r in cluster.log if r.kind == "drop"]
    assert drops == ["dropped", "partitioned in flight"]
    with pytest.raises(ValueError):
        cluster.partition(["A"], ["B"])             # C is in no group


def test_rpc_times_out_on_crash_partition_and_lost_reply_and_records_latency():
    cluster = Cluster(["A", "B", "app"], latency=0.004)
    a, b = cluster.stub("app", "A"), cluster.stub("app", "B")
    assert isinstance(a, ReplicaStub) and ReplicaStub.__remote_methods__ == ("get", "put")
    assert a.put("k", (1, "x"), "v") is True and a.put("k", (0, "x"), "old") is True
    assert a.get("k") == ((1, "x"), "v") and cluster.nodes["A"].writes[-1][-1] is False
    cluster.crash("B")
    with pytest.raises(TimeoutError):
        b.get("k")
    cluster.recover("B")
    cluster.partition(["app", "A"], ["B"])
    with pytest.raises(TimeoutError):
        b.get("k")
    cluster.heal()
    cluster.drop_next("B", "app")
    with pytest.raises(TimeoutError):
        b.put("k", (2, "x"), "w")
    assert cluster.nodes["B"].data["k"] == ((2, "x"), "w")       # the call happened, the reply was lost
    ok = cluster.rpcs(outcome="ok")
    assert ok and all(r.what[3] == r.what[4] == 0.004 for r in ok)
    assert len(cluster.rpcs(outcome="timeout", dst="B")) == 3 and cluster.now == 0.0


def test_stub_class_exposes_only_its_methods():
    class Echo(Node):
        def rpc_echo(self, x):
            return [x, self.name]

    EchoStub = stub_class("EchoStub", ("echo",))
    cluster = Cluster(["A", "B"], node_factory=Echo)
    stub = cluster.stub("A", "B", EchoStub)
    assert EchoStub.__remote_methods__ == ("echo",) and stub.echo(1) == [1, "B"]
    assert stub_class("EchoStub", ("echo",)) is EchoStub
    with pytest.raises(AttributeError):
        cluster.rpc("A", "B", "missing")


def test_log_cluster_acknowledges_by_mode_and_applies_in_order():
    waits = {}
    for mode in ("async", "semi-sync", "sync"):
        lc = LogCluster(["L", "F1", "F2"], mode=mode, lags={"F1": 0.005, "F2": 0.08}, latency=0.005)
        lc.write("k", 1)
        lc.run_for(1)
        waits[mode] = round(lc.writes[0]["acked_at"], 6)
    assert waits == {"async": 0.0, "semi-sync": 0.01, "sync": 0.085}
    lc = LogCluster(["L", "F1"], latency=(0.001, 0.5), seed=2)     # entries overtake each other on the wire
    for i in range(20):
        lc.write("k", i)
    lc.run()
    arrivals = [r.what[1] for r in lc.cluster.log if r.kind == "deliver" and r.what[0] == "entry"]
    assert arrivals != sorted(arrivals)                          # they did arrive out of order...
    assert lc.node("F1").log == lc.node("L").log and lc.node("F1").data == {"k": 19}
    leader, (follower,) = lc.handles()
    with pytest.raises(PermissionError):
        follower.write("k", 1)
    assert follower.read("k") == (19, 20) and follower.position() == 20


def test_promote_without_fencing_leaves_two_leaders_and_with_fencing_the_old_one_steps_down():
    def run(fencing, mode="async"):
        lc = LogCluster(["L", "F1", "F2"], mode=mode, latency=0.01, fencing=fencing)
        lc.write("x", "w1")
        lc.run_for(0.5)
        lc.cluster.partition(["L"], ["F1", "F2", "app"])
        assert lc.promote("F1") == 2 and lc.leader == "F1" and lc.followers == ["L", "F2"]
        lc.write("x", "L1", via="L")
        lc.write("x", "F1", via="F1")
        with pytest.raises(PermissionError):
            lc.write("x", "no", via="F2")
        lc.run_for(0.5)
        lc.cluster.heal()
        lc.write("x", "L2", via="L")
        lc.run_for(1.0)
        return lc

    lc = run(False)
    assert lc.leaders() == ["L", "F1"] and lc.node("L").epoch == 1      # no epochs looked at
    assert [v for _, _, v in lc.node("F2").log] == ["w1", "F1", "L2"]    # applied by position, from anyone
    lc = run(True)
    assert lc.leaders() == ["F1"] and lc.node("L").epoch == 2
    assert [v for _, _, v in lc.node("F2").log] == ["w1", "F1"]          # L's entries were rejected
    assert [r["acked_at"] is not None for r in lc.writes] == [True] * 4  # async: L acknowledged its own
    lc = run(True, mode="semi-sync")
    assert [r["value"] for r in lc.writes if r["acked_at"] is not None] == ["w1", "F1"]
    with pytest.raises(PermissionError):
        lc.write("x", "late", via="L")


def test_lag_grows_with_utilisation_and_quorum_latency_is_the_wth_fastest():
    low, high = lag_samples(300, 1000, 2.0, n=3000, seed=1), lag_samples(950, 1000, 2.0, n=3000, seed=1)
    assert percentile(low, 99) < percentile(high, 99) and lag_samples(300, 1000, 2.0, n=50, seed=1) == low[:50]
    assert min(low) >= 2.0                                           # never faster than the network
    # an M/M/1 queue shifted by the network: mean lag 2 + 1000 / (1000 - 500) = 4 ms
    mean = sum(lags := lag_samples(500, 1000, 2.0, n=40_000, seed=4)) / len(lags)
    assert abs(mean - 4.0) < 0.2
    assert len(lag_samples(500, 1000, 2.0, n=10, warmup=0)) == 10
    with pytest.raises(ValueError):
        lag_samples(1000, 1000, 2.0)                                 # no steady state at 100 %
    assert percentile([5, 1, 3], 50) == 3 and percentile([5, 1, 3], 100) == 5
    cluster = Cluster(["A", "B", "C", "co"])
    for dst, one_way in (("A", 0.001), ("B", 0.002), ("C", 0.030)):
        cluster.set_latency("co", dst, one_way)
        cluster.set_latency(dst, "co", one_way)
    got = {w: quorum_write_latencies(cluster, "co", ["A", "B", "C"], w, ops=3) for w in (1, 2, 3)}
    assert got == {1: [2.0] * 3, 2: [4.0] * 3, 3: [60.0] * 3}


def test_sloppy_quorum_hints_and_hand_off():
    ring = ["A", "B", "C", "D", "E"]
    cluster = Cluster(ring + ["w"], node_factory=HintedNode)
    cluster.partition(["w", "A", "D", "E"], ["B", "C"])
    acks = sloppy_put(cluster, "w", ring, 0, 3, 2, "k", (1, "w"), "v")
    assert acks == [("A", None), ("D", "B"), ("E", "C")]
    assert hand_off(cluster) == [] and cluster.nodes["D"].hints
    cluster.heal()
    assert hand_off(cluster) == [("D", "B", "k"), ("E", "C", "k")]
    assert cluster.nodes["B"].data["k"] == ((1, "w"), "v") and not cluster.nodes["D"].hints
    cluster.partition(["w"], ring)
    with pytest.raises(TimeoutError):
        sloppy_put(cluster, "w", ring, 0, 3, 1, "k", (2, "w"), "v2")


def test_verify_linearization_accepts_exactly_the_legal_orders():
    h = [("write", 1, 0, 5), ("read", 1, 1, 2), ("read", 0, 3, 4)]
    assert all(verify_linearization(h, list(p), 0) for p in itertools.permutations(range(3)))
    h = [("write", 1, 0, 3), ("read", 0, 1, 2), ("write", 2, 4, None)]
    assert verify_linearization(h, [1, 0], 0) is None and verify_linearization(h, [1, 0, 2], 0) is None
    assert "leaves out" in verify_linearization(h, [1], 0)
    assert "twice" in verify_linearization(h, [1, 0, 0], 0)
    assert "list of ints" in verify_linearization(h, (1, 0), 0)
    assert verify_linearization([("read", 1, 0, 1)], [0], 1.0)          # 1 is not 1.0: types count
