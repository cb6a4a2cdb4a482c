"""02_caching: the notebook's real test cells against a catalog of other implementations.

Correct alternatives (tests/catalogs/02_caching/<Name>/correct_*.py) must get full
marks; plausible wrong ones (wrong_*.py, one broken contract line each) must lose
points in the cells that grade that name. The Redis-backed exercises run on
fakeredis here, and again on a real server under `make test-redis`.
"""
from collections import OrderedDict

import pytest

from harness import catalog_test

from course.runtime.caching import DICT_LAYOUT_SUPPORTED, dict_holes, eviction_walk

pytestmark = pytest.mark.redis

CONTRACT = {
    "LRUCache": {"__init__": "(self, capacity)", "get": "(self, key, default=None)",
                 "put": "(self, key, value)", "__len__": "(self)", "__contains__": "(self, key)"},
    "CacheAside": {"__init__": "(self, redis, db, ttl=300)", "get_user": "(self, user_id)",
                   "update_user": "(self, user_id, user)"},
    "StampedeSafeCache": {"__init__": "(self, redis, db, ttl=300, lock_ms=5000, retry_delay=0.05, sleep=time.sleep)",
                          "get_user": "(self, user_id)"},
}

test_catalog = catalog_test("02_caching")


# -- the teaching helpers the notebook and its tests rely on ------------------------------
def test_fake_database_counts_and_copies():
    from course.runtime.caching import FakeDatabase

    seen = []
    db = FakeDatabase({1: {"tags": ["a"]}}, on_load=seen.append, on_save=lambda uid, user: seen.append(user))
    user = db.load_user(1)
    user["tags"].append("mutated")
    assert db.load_user(1) == {"tags": ["a"]} and db.load_user(2) is None
    db.save_user(2, {"n": 2})
    assert (db.queries, db.writes, seen) == (3, 1, [1, 1, 2, {"n": 2}])


def test_work_per_call_tells_a_scan_from_a_lookup():
    from course.runtime.probes import CountingKey, work_per_call

    def work(n, container):
        keys = [CountingKey(i) for i in range(n)]
        store = container(keys)
        probes = [CountingKey(i * 7 % n) for i in range(2 * n)]
        return work_per_call(lambda k: k in store, probes)

    assert work(512, set).key_ops == work(16, set).key_ops <= 2
    assert work(512, list).key_ops > 20 * work(16, list).key_ops / 2


def test_policies_are_seeded_and_bounded_by_opt():
    from course.runtime.caching import POLICIES, hit_rate, ttl_cache_stats, zipf_requests

    requests = zipf_requests(200, 3000, 1.0, seed=5)
    assert requests == zipf_requests(200, 3000, 1.0, seed=5)
    for size in (5, 50):
        rates = {p: hit_rate(p, requests, size) for p in POLICIES}
        assert all(0 < r <= rates["OPT (Belady)"] for r in rates.values()), rates
    cold_misses_only = (len(requests) - len(set(requests))) / len(requests)
    for policy in POLICIES:   # a cache bigger than the key space evicts nothing
        assert hit_rate(policy, requests, 10_000) == cold_misses_only
    short, long = ttl_cache_stats(requests, 10), ttl_cache_stats(requests, 1000)
    assert short[0] < long[0] and short[1] < long[1]


def test_round_trip_limit_and_recording_sleep():
    from course.runtime.probes import RecordingSleep, limit_round_trips
    from course.runtime.redis_client import make_redis

    r = limit_round_trips(make_redis(), limit=3)
    for _ in range(3):
        r.get("k")
    with pytest.raises(RuntimeError):
        r.get("k")
    woke = []
    sleep = RecordingSleep(limit=2, then=woke.append)
    sleep(0.5)
    sleep(0.5)
    with pytest.raises(RuntimeError):
        sleep(0.5)
    assert sleep.calls == [0.5, 0.5, 0.5] and woke == [1, 2]


@pytest.mark.skipif(not DICT_LAYOUT_SUPPORTED, reason="dict_holes reads CPython 3.11-3.13's dict layout")
def test_dict_holes_counts_deleted_entries_until_a_resize():
    d = {i: i for i in range(10)}
    assert dict_holes(d) == 0
    del d[0], d[1]
    assert dict_holes(d) == 2 and len(d) == 8
    for i in range(10, 1000):           # inserts force resizes, which drop the holes
        d[i] = i
    assert dict_holes(d) == 0
    with pytest.raises(RuntimeError):
        dict_holes(OrderedDict())


@pytest.mark.skipif(not DICT_LAYOUT_SUPPORTED, reason="dict_holes reads CPython 3.11-3.13's dict layout")
def test_eviction_walk_grows_with_a_dict_and_not_with_an_ordereddict():
    small, big = eviction_walk(dict, 100), eviction_walk(dict, 10_000)
    assert small["average"] > 50 and big["average"] > 5_000 and big["max"] > 10_000
    assert eviction_walk(OrderedDict, 10_000, ops=100) == {"average": 1.0, "max": 1}
