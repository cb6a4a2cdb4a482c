"""15_apis: the catalog of correct and wrong implementations, and the teaching helpers.

Every correct variant (tests/catalogs/15_apis/<Name>/correct_*.py) must get full marks;
every wrong one must fail exactly the checks it names. The helpers in course/runtime/apis.py
(grader-side fakes, the paging and push simulations, the SSE parser) are tested below:
deterministic, no sleeps, no real clock.
"""
import base64
import sqlite3

import pytest
from harness import catalog_test

from course.runtime.apis import (ITEMS_SCHEMA, BatchSource, GatewayLimiter, count_queries, delivery_simulation,
                                 keyset_walk, offset_walk, parse_sse, poisson_events, seed_items,
                                 standard_webhook_signature, vm_steps, webhook_headers)
from course.runtime.clocks import FakeClock
from course.runtime.sql import Database

CONTRACT = {
    "list_items": "(conn, secret, limit=10, cursor=None)",
    "BatchLoader": {"__init__": "(self, batch_fn, max_batch_size=None)",
                    "load": "(self, key)",
                    "dispatch": "(self)"},              # load() returns an object with result()
    "encode_sse": "(event_id, event, data)",
    "EventLog": {"__init__": "(self, capacity)",
                 "append": "(self, event, data)",
                 "since": "(self, last_event_id)"},
    "LongPollHub": {"__init__": "(self, timeout, clock=time.monotonic)",
                    "publish": "(self, data)",
                    "poll": "(self, client, after)",
                    "answer": "(self, client)"},
    "sign_webhook": "(secret, msg_id, timestamp, body)",
    "WebhookReceiver": {"__init__": "(self, secret, tolerance=300, clock=time.time)",
                        "receive": "(self, headers, body)"},
    "Gateway": {"__init__": "(self, routes, authenticate, limiter, upstream)",
                "handle": "(self, method, path, headers)"},
}

test_catalog = catalog_test("15_apis")


# -- pagination helpers ----------------------------------------------------------------------------
def test_walks_count_duplicates_and_skips():
    assert (offset_walk(50, 10).duplicates, offset_walk(50, 10).skipped) == (0, 0)
    assert offset_walk(50, 10).served == list(range(50, 0, -1))
    assert offset_walk(50, 10, inserts=3).duplicates == 19
    assert offset_walk(50, 10, deletes=2).skipped == 8
    for inserts, deletes in [(0, 0), (3, 0), (0, 2), (3, 2), (10, 5)]:
        walk = keyset_walk(50, 10, inserts, deletes)
        assert (walk.duplicates, walk.skipped) == (0, 0)
        assert sorted(walk.served, reverse=True) == walk.served and set(walk.served) == set(range(1, 51))


def test_seed_items_works_on_sqlite_and_database():
    conn = sqlite3.connect(":memory:")
    conn.executescript(ITEMS_SCHEMA)
    seed_items(conn, 700)
    db = Database(ITEMS_SCHEMA)
    seed_items(db, 700)
    seed_items(db, 2, start_id=1000, created_at=lambda i: 5)
    assert conn.execute("SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM items").fetchone() == \
        (700, 1_700_000_000, 1_700_000_233)
    assert db.query("SELECT COUNT(*) FROM items") == [(702,)]
    assert db.query("SELECT id, created_at, title FROM items WHERE id >= 1000") == [(1000, 5, "item 1000"),
                                                                                   (1001, 5, "item 1001")]


def test_vm_steps_count_work_not_time():
    conn = sqlite3.connect(":memory:")
    conn.executescript(ITEMS_SCHEMA)
    seed_items(conn, 3000)
    deep = vm_steps(conn, "SELECT id FROM items ORDER BY created_at DESC, id DESC LIMIT 10 OFFSET 2500")
    seek = vm_steps(conn, "SELECT id FROM items WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC "
                          "LIMIT 10", (1_700_000_166, 500))
    assert deep == vm_steps(conn, "SELECT id FROM items ORDER BY created_at DESC, id DESC LIMIT 10 OFFSET 2500")
    assert deep > 20 * seek
    with count_queries(conn) as log:
        conn.execute("SELECT 1").fetchall()
        conn.execute("SELECT 2").fetchall()
    assert len(log) == 2


# -- grader-side fakes -----------------------------------------------------------------------------
def test_batch_source_records_fails_once_and_can_be_short():
    source = BatchSource({1: "a", 2: "b"}, fail_next=True)
    with pytest.raises(ConnectionError):
        source([1, 2])
    assert source([2, 3]) == ["b", None]
    source.short = True
    assert source([1, 2]) == ["a"]
    source.short, source.long = False, True
    assert source([1]) == ["a", None]
    assert source.batches == [[1, 2], [2, 3], [1, 2], [1]] and source.keys_asked == [1, 2, 2, 3, 1, 2, 1]


def test_gateway_limiter_is_a_token_bucket_per_client():
    clock = FakeClock(0.0)
    limiter = GatewayLimiter(capacity=2, rate=0.5, clock=clock)
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a"), limiter.allow("b")] == \
        [(True, 0), (True, 0), (False, 2), (True, 0)]
    clock.advance(1.0)
    assert limiter.allow("a") == (False, 1)             # 0.5 token: 1 s more
    clock.advance(1.0)
    assert limiter.allow("a") == (True, 0)
    assert limiter.calls == ["a", "a", "a", "b", "a", "a"]
    with pytest.raises(ValueError):
        GatewayLimiter(0, 1.0, clock)


# -- push ------------------------------------------------------------------------------------------
def test_delivery_simulation_delivers_every_event_once():
    events = poisson_events(0.2, 600.0, seed=3)
    assert events == poisson_events(0.2, 600.0, seed=3) and all(0 < t < 600 for t in events)
    for mode in ("polling", "long-polling", "sse"):
        run = delivery_simulation(mode, events, 600.0, interval=5.0, timeout=30.0, one_way=0.05)
        assert len(run.latencies) == len(events) and min(run.latencies) >= 0.05 - 1e-12
    polling = delivery_simulation("polling", events, 600.0, interval=5.0, one_way=0.05)
    assert polling.max_latency <= 5.0 + 0.1 + 1e-9 and polling.requests >= 120
    assert delivery_simulation("sse", events, 600.0).requests == 1
    long_poll = delivery_simulation("long-polling", [], 120.0, timeout=30.0, one_way=0.05)
    assert long_poll.requests == long_poll.empty == 4          # 30.1 s per empty round trip: 4 in 120 s
    with pytest.raises(ValueError):
        delivery_simulation("carrier pigeon", events, 10.0)


def test_parse_sse_follows_the_whatwg_rules():
    text = ("retry: 10\r\nid: 1\r\nevent: a\r\ndata:x\r\ndata:  y\r\n\r\n: comment\n\n"
            "data: no id change\n\nid: bad\0id\ndata: z\rid\r\rdata: incomplete")
    assert parse_sse(text) == [{"id": "1", "event": "a", "data": "x\n y"},
                               {"id": "1", "event": "message", "data": "no id change"},
                               {"id": "", "event": "message", "data": "z"}]
    assert parse_sse("event: only a type\n\n") == []


def test_webhook_signature_matches_the_standard_webhooks_test_vector():
    secret = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    sig = standard_webhook_signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert webhook_headers(secret, "m", 5, b"")["webhook-timestamp"] == "5"
