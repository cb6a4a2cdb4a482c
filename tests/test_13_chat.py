"""13_chat: the catalog of correct and wrong implementations, the stubs' signatures, and the
teaching helpers and grader-side fakes of course/runtime/chat.py.

Every correct variant (tests/catalogs/13_chat/<Name>/correct_*.py) must get full marks; every
wrong one must fail exactly the checks it names. Uses Redis (fakeredis by default).
"""
import ast
import math
import random
import statistics

import pytest
from harness import RELEASE, catalog_test, load

from course.runtime.chat import (Gateway, MessageStore, PushService, Registry, expected_gateways, expire_keys,
                                 gateways_touched, message, skewed_ids, transport_costs, typing_timeline)
from course.runtime.redis_client import make_redis

pytestmark = pytest.mark.redis

CONTRACT = {
    "PresenceService": {"__init__": "(self, redis, timeout=30.0, clock=time.time, prefix='presence')",
                        "heartbeat": "(self, user)", "disconnect": "(self, user)", "is_online": "(self, user)",
                        "last_seen": "(self, user)", "online": "(self, users)"},
    "ChatService": {"__init__": "(self, redis, gateways, push, clock=time.time, prefix='chat')",
                    "connect": "(self, user, gateway)", "disconnect": "(self, user, gateway)",
                    "gateway_of": "(self, user)", "send": "(self, sender, recipient, text)",
                    "history": "(self, conversation, limit=20, before=None)",
                    "ack": "(self, user, conversation, seq, status)", "receipt": "(self, conversation, seq)"},
    "sync": "(store, device, cursors, limit=100)",
    "fan_out": "(message, members, registry, gateways)",
}

test_catalog = catalog_test("13_chat")


# -- the release stubs have exactly the contract's signatures ------------------------------------------
def _signature(fn: ast.FunctionDef) -> str:
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    return "(" + ", ".join(a.arg if d is None else f"{a.arg}={ast.unparse(d)}" for a, d in zip(positional, defaults)) + ")"


def _release_definitions():
    found = {}
    for cell in load("13_chat", RELEASE).cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in CONTRACT:
                found[node.name] = node
    return found


def test_release_stubs_match_the_contract():
    found = _release_definitions()
    assert set(found) == set(CONTRACT)
    for name, expected in CONTRACT.items():
        node = found[name]
        if isinstance(expected, str):
            assert _signature(node) == expected, name
            continue
        methods = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
        for method, sig in expected.items():
            assert _signature(methods[method]) == sig, f"{name}.{method}"
        doc = (ast.get_docstring(node) or "")
        assert all(hint in doc for hint in ("TODO", "APPROACH", "EXAMPLE")), name


# -- grader-side fakes ---------------------------------------------------------------------------------
def test_gateway_records_every_rpc_and_fails_when_down():
    gw = Gateway("gw1")
    m1, m2 = {"seq": 1}, {"seq": 2}
    assert gw.deliver({"bob": [m1], "carol": [m2]}) == 2
    gw.deliver({"bob": [m2]})
    assert gw.rpcs == 2 and gw.calls == [{"bob": [m1], "carol": [m2]}, {"bob": [m2]}]
    assert gw.delivered() == [("bob", m1), ("carol", m2), ("bob", m2)]
    assert gw.delivered("bob") == [m1, m2] and gw.users() == [["bob", "carol"], ["bob"]]
    m1["seq"] = 99                                       # the record is a copy
    assert gw.delivered("bob")[0] == {"seq": 1}
    down = Gateway("gw2", down=True)
    with pytest.raises(ConnectionError):
        down.deliver({"bob": [m2]})
    assert down.rpcs == 1 and down.delivered() == []


@pytest.mark.parametrize("bad", [[("bob", {"seq": 1})], {"bob": {"seq": 1}}, "bob"])
def test_gateway_refuses_other_shapes(bad):
    with pytest.raises(TypeError):
        Gateway("gw1").deliver(bad)


def test_push_and_registry():
    push = PushService()
    push.notify("bob", {"seq": 1})
    assert push.sent == [("bob", {"seq": 1})] and push.users() == ["bob"]
    reg = Registry({"bob": "gw1", "carol": "gw2"})
    assert reg.lookup(["bob", "dave"]) == {"bob": "gw1"}
    assert reg.lookup(("carol",)) == {"carol": "gw2"}
    assert reg.rpcs == 2 and reg.calls == [["bob", "dave"], ["carol"]]
    with pytest.raises(TypeError):
        reg.lookup("bob")


def test_message_store_heads_range_and_calls():
    store = MessageStore({"a": [message("a", s, "amy") for s in (3, 1, 2)], "b": []})
    assert store.heads() == {"a": 3, "b": 0}
    assert [m["seq"] for m in store.range("a", 1, 10)] == [2, 3]
    assert [m["seq"] for m in store.range("a", 0, 2)] == [1, 2]
    assert store.range("b", 0, 5) == []
    for args, error in (((("zz", 0, 1)), KeyError), (("a", 0, 0), ValueError), (("a", 0, None), ValueError),
                        (("a", "0", 1), TypeError)):
        with pytest.raises(error):
            store.range(*args)
    assert store.heads_calls() == 1 and store.range_calls()[:2] == [("a", 1, 10), ("a", 0, 2)]
    page = store.range("a", 0, 1)
    page[0]["seq"] = 42                                  # callers get copies
    assert store.range("a", 0, 1)[0]["seq"] == 1


def test_message_defaults():
    assert message("c", 4, "bob") == {"conversation": "c", "seq": 4, "sender": "bob", "device": "bob/phone",
                                      "text": "c #4"}
    assert message("c", 4, "bob", "bob/laptop", "hi")["device"] == "bob/laptop"


@pytest.mark.parametrize("decode", [False, True])
def test_expire_keys_deletes_what_redis_would(decode):
    r = make_redis(decode_responses=decode)
    r.set("forever", 1)
    r.set("short", 1, px=10_000)
    r.set("long", 1, px=60_000)
    assert expire_keys(r, 5) == []
    assert expire_keys(r, 30) == ["short"]
    assert sorted(k if isinstance(k, str) else k.decode() for k in r.keys()) == ["forever", "long"]
    assert expire_keys(r) == ["long"]
    assert r.exists("forever") == 1


# -- numbers the notebook quotes -----------------------------------------------------------------------
def test_transport_costs():
    rows = {r["transport"]: r for r in transport_costs(5_000_000, 10, poll_interval=5, long_poll_timeout=30, heartbeat=30)}
    assert rows["short polling"]["per_second"] == 1_000_000 and rows["short polling"]["mean_delay"] == 2.5
    useful = 5_000_000 * 10 / 3600
    assert math.isclose(rows["long polling"]["per_second"], useful + 5_000_000 / 30)
    assert math.isclose(rows["SSE / WebSocket"]["useful"], useful)
    assert rows["SSE / WebSocket"]["mean_delay"] == 0.0


def test_expected_gateways_matches_simulation():
    assert expected_gateways(0, 10) == 0.0 and expected_gateways(1, 10) == pytest.approx(1.0)
    assert expected_gateways(10_000, 50) == pytest.approx(50.0)
    draws = []
    for seed in range(300):
        rng = random.Random(seed)
        draws.append(len({rng.randrange(20) for _ in range(15)}))
    assert statistics.mean(draws) == pytest.approx(expected_gateways(15, 20), rel=0.02)
    online, touched = gateways_touched(1024, 16, 0.5, seed=3)
    assert 400 < online < 620 and touched == 16
    assert gateways_touched(1024, 16, 0.5, seed=3) == (online, touched)       # seeded


def test_skewed_ids_reorders_only_across_skewed_servers():
    rows = skewed_ids([("q", "A", 1000.0), ("a", "B", 1025.0), ("q2", "A", 1050.0)], {"B": -40.0})
    assert [r["stamp_rank"] for r in rows] == [2, 1, 3] and rows[1]["stamp_ms"] == 985.0
    rows = skewed_ids([("q", "A", 1000.0), ("a", "B", 1025.0)], {"A": 0.0, "B": 0.0})
    assert [r["stamp_rank"] for r in rows] == [1, 2]


def test_typing_timeline_throttles_and_expires():
    t = typing_timeline([0.0, 0.5, 1.0, 2.9, 3.0, 3.5, 10.0], throttle=3.0, expire=5.0)
    assert t["events"] == [0.0, 3.0, 10.0]
    assert t["shown"] == [(0.0, 8.0), (10.0, 15.0)] and t["keystrokes"] == 7
    t = typing_timeline([0.0, 4.0, 7.0, 12.0], throttle=3.0, expire=5.0, sent_at=8.0)
    assert t["events"] == [0.0, 4.0, 7.0] and t["shown"] == [(0.0, 8.0)]
