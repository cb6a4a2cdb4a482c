"""Notebook 10 (queues and streams): the catalog of variants, and the teaching helpers of
course/runtime/queues.py.

Uses Redis (fakeredis by default; `make test-redis` runs it again on a real redis-server).
"""
import math

import pytest
import redis

from harness import catalog_test

from course.runtime.queues import (Handler, WorkerCrash, bounded_outcomes, cobham_waits, delivery_outcomes,
                                   dying_client, entry_order, group_consumers, handled_counts, key_spread,
                                   mm1_theory, moved_partitions, pending_by_consumer, priority_waits, race,
                                   simulate_mm1, stream_support, trace_text)
from course.runtime.redis_client import fresh_server, make_redis

pytestmark = pytest.mark.redis

CONTRACT = {
    "ReliableQueue": {"__init__": "(self, redis, name, lease=30.0, max_attempts=3, clock=time.time)",
                      "put": "(self, body)", "get": "(self)", "ack": "(self, message_id)",
                      "process": "(self, handler)", "counts": "(self)", "dead_letters": "(self)"},
    "IdempotentLedger": {"__init__": "(self, redis, prefix='ledger', dedup_ttl=86400)",
                         "apply": "(self, message_id, account, amount)", "balance": "(self, account)"},
    "StreamWorker": {"__init__": "(self, redis, stream, group, consumer, lease=30.0, clock=time.time)",
                     "poll": "(self, handler, count=10)", "reclaim": "(self)"},
    "PartitionedLog": {"__init__": "(self, partitions)", "partition_for": "(self, key)",
                       "append": "(self, key, value)", "read": "(self, partition, offset, max_records=100)",
                       "assign": "(self, members)", "commit": "(self, group, partition, offset)",
                       "committed": "(self, group, partition)",
                       "poll": "(self, group, member, members, max_records=100)"},
    "BoundedQueue": {"__init__": "(self, capacity, policy='block')", "put": "(self, item, timeout=None)",
                     "get": "(self, timeout=None)", "__len__": "(self)", "stats": "(self)"},
}

test_catalog = catalog_test("10_queues")


# -- failure injection ---------------------------------------------------------------------------
def test_handler_records_and_crashes_on_cue():
    h = Handler("w", crash_on=["b"])
    h("1", "a")
    with pytest.raises(WorkerCrash):
        h("2", "b")
    h("2", "b")                                  # crash_times=1: the second time it goes through
    assert h.calls == [("1", "a"), ("2", "b"), ("2", "b")]
    assert h.done == [("1", "a"), ("2", "b")] and h.crashed == [("2", "b")]
    assert h.payloads() == ["a", "b"]
    assert isinstance(WorkerCrash("x"), RuntimeError)


def test_handler_poison_and_message_ids():
    h = Handler("w", crash_on=["m7", {"order": "x"}], crash_times=None)
    for _ in range(3):
        with pytest.raises(WorkerCrash):
            h("m7", "whatever")
        with pytest.raises(WorkerCrash):
            h("1-0", {"order": "x"})
    h("1-1", {"order": "y"})
    assert len(h.crashed) == 6 and h.payloads() == [{"order": "y"}]
    assert handled_counts(Handler("v")) == {}


def test_handled_counts_over_handlers():
    a, b = Handler("a"), Handler("b")
    a("1", "x")
    b("2", "y")
    b("1", "x")
    assert handled_counts(a, b) == {"x": 2, "y": 1}


@pytest.mark.parametrize("decode", [False, True])
def test_dying_client_fails_after_n_commands(decode):
    server = fresh_server()
    healthy = server.client()
    client = dying_client(server, 5, decode_responses=decode)
    sent = 0
    with pytest.raises(redis.RedisError):
        for i in range(20):
            client.set(f"k{i}", i)
            sent += 1
    assert 1 <= sent <= 5                         # connection set-up commands count too
    assert healthy.dbsize() == sent               # nothing after the cut reached the server


def test_dying_client_counts_inside_transactions():
    server = fresh_server()
    client = dying_client(server, 40)
    client.ping()                                 # the connection's own set-up is done
    budget = 40 - 3                               # at most 2 set-up commands + the PING
    with pytest.raises(redis.RedisError):
        for _ in range(budget):                   # MULTI, SET, EXEC: 3 commands per transaction
            with client.pipeline() as pipe:
                pipe.set("k", 1).execute()
    assert server.client().get("k") == b"1"


def test_race_forces_a_check_then_act_interleaving():
    server = fresh_server()
    server.client().set("n", 0)

    def make_call(actor, client):
        def read_then_write():
            value = int(client.get("n"))
            client.set("n", value + 1)
        return read_then_write

    result = race(server, make_call, ["A", "B"] * 10)
    assert not result.errors
    steps = [(actor, command) for actor, command in result.trace if command in ("GET", "SET")]
    assert steps == [("A", "GET"), ("B", "GET"), ("A", "SET"), ("B", "SET")]   # after each connection's set-up
    assert server.client().get("n") == b"1"          # the lost update, every time
    assert trace_text(result, limit=100).count(":GET") == 2


# -- reading streams -----------------------------------------------------------------------------------
def test_pending_by_consumer_and_group_consumers():
    r = make_redis(decode_responses=True)
    for i in range(1, 4):
        r.xadd("s", {"n": str(i)}, id=f"{i}-0")
    r.xgroup_create("s", "g", id="0")
    r.xreadgroup("g", "c2", {"s": ">"}, count=1)
    r.xreadgroup("g", "c1", {"s": ">"}, count=2)
    assert pending_by_consumer(r, "s", "g") == {"c2": ["1-0"], "c1": ["2-0", "3-0"]}
    assert group_consumers(r, "s", "g") == ["c1", "c2"]
    rb = make_redis()
    rb.xgroup_create("t", "g", id="0", mkstream=True)
    assert pending_by_consumer(rb, "t", "g") == {} and group_consumers(rb, "t", "g") == []


def test_entry_order_sorts_numerically():
    assert sorted(["10-0", "9-1", "9-0", "100-2"], key=entry_order) == ["9-0", "9-1", "10-0", "100-2"]


def test_stream_support_lists_every_command():
    rows = stream_support(make_redis())
    names = [name for name, _ in rows]
    assert names[:13] == ["XADD", "XLEN", "XRANGE", "XGROUP CREATE", "XREADGROUP >", "XREADGROUP 0", "XPENDING",
                          "XCLAIM", "XAUTOCLAIM", "XACK", "XINFO CONSUMERS", "XGROUP DELCONSUMER", "XTRIM"]
    assert names[-1] == "XREADGROUP inside Lua"
    assert not [answer for _, answer in rows if str(answer).startswith("unsupported")]


# -- simulations --------------------------------------------------------------------------------------------
def test_delivery_outcomes_show_each_semantics():
    rows = {r["consumer"].split(" (")[0]: r for r in delivery_outcomes(messages=5_000, crash_rate=0.05, seed=1)}
    assert rows["ack first"]["lost"] > 0 and rows["ack first"]["duplicated"] == 0
    assert rows["ack last"]["lost"] == 0 and rows["ack last"]["duplicated"] > 0
    assert rows["ack last + dedup"]["lost"] == 0 and rows["ack last + dedup"]["duplicated"] == 0
    assert all(r["deliveries"] >= 5_000 for r in rows.values())
    assert delivery_outcomes(messages=500, seed=3) == delivery_outcomes(messages=500, seed=3)


def test_mm1_theory():
    t = mm1_theory(90, 100)
    assert math.isclose(t["W"], 0.1) and math.isclose(t["Wq"], 0.09)
    assert math.isclose(t["L"], 9.0) and math.isclose(t["Lq"], 8.1)
    assert math.isclose(t["L"], 90 * t["W"])                       # Little's law
    assert mm1_theory(100, 100)["W"] == math.inf


def test_simulate_mm1_is_seeded_and_agrees_with_theory():
    a = simulate_mm1(50, 100, jobs=100_000, seed=2)
    b = simulate_mm1(50, 100, jobs=100_000, seed=2)
    assert a["W"] == b["W"]
    assert abs(a["W"] - 0.02) / 0.02 < 0.05                        # 1 / (100 - 50) = 20 ms
    assert abs(a["L"] - a["lam"] * a["W"]) / a["L"] < 0.01         # Little's law, measured
    times, counts = a["path"]
    assert times == sorted(times) and times[-1] <= 30 and min(counts) >= 0


def test_bounded_outcomes_per_policy():
    unbounded = bounded_outcomes("unbounded", capacity=50, arrival_rate=120, service_rate=100, duration=60)
    assert 0.8 * 1200 < unbounded["backlog"] < 1.2 * 1200          # (120 - 100) x 60
    reject = bounded_outcomes("reject", capacity=50, arrival_rate=120, service_rate=100, duration=60)
    drop = bounded_outcomes("drop_oldest", capacity=50, arrival_rate=120, service_rate=100, duration=60)
    block = bounded_outcomes("block", capacity=50, arrival_rate=120, service_rate=100, duration=60)
    assert reject["refused"] > 0 and reject["dropped"] == 0 and reject["backlog"] <= 50
    assert drop["dropped"] > 0 and drop["refused"] == 0
    assert block["stalled"] > 0 and block["refused"] == block["dropped"] == 0
    assert max(r["max_wait"] for r in (reject, drop)) < unbounded["max_wait"]
    with pytest.raises(ValueError):
        bounded_outcomes("lifo")


def test_cobham_and_priority_lanes():
    high, low = cobham_waits([70, 20], 100)
    assert math.isclose(high, 0.009 / 0.3) and math.isclose(low, 0.009 / (0.3 * 0.1))
    assert cobham_waits([100, 10], 100) == [math.inf, math.inf]
    strict = priority_waits("strict", rates=(70, 20), jobs=30_000)
    assert strict["mean"][0] < strict["mean"][1]
    starving = priority_waits("strict", rates=(105, 10), jobs=10_000)
    fair = priority_waits("weighted", rates=(105, 10), weights=(3, 1), jobs=10_000)
    assert fair["mean"][1] < starving["mean"][1] / 10
    with pytest.raises(ValueError):
        priority_waits("random")


def test_partition_helpers():
    before = {"a": [0, 1, 2], "b": [3, 4, 5]}
    after = {"a": [0, 1], "b": [2, 3], "c": [4, 5]}
    assert moved_partitions(before, after) == 3
    assert key_spread(lambda k: len(k) % 3, ["a", "bb", "ccc", "dddd"], 3) == [1, 2, 1]


def test_mm1_figure_draws():
    import matplotlib

    matplotlib.use("Agg")
    from course.runtime.queues import mm1_figure

    fig, axes, theory, sim = mm1_figure(0.5, jobs=20_000)
    assert math.isclose(theory["W"], 0.02) and len(axes) == 2 and sim["W"] > 0
    import matplotlib.pyplot as plt

    plt.close(fig)
