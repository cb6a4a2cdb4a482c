"""05_unique_ids: the catalog of correct and wrong implementations, graded by the notebook's own test cells.

Every correct variant must get full marks; every wrong one must lose points in
the cells that grade its name. The URL shortener runs on Redis (fakeredis by
default, a real server under `make test-redis`).
"""
import pytest

from harness import catalog_test

pytestmark = pytest.mark.redis

CONTRACT = {
    "SnowflakeGenerator": {"__init__": "(self, machine_id, epoch_ms=1288834974657, clock_ms=*)",
                           "next_id": "(self)"},
    "parse_snowflake": "(snowflake_id, epoch_ms=1288834974657)",
    "base62_encode": "(n)",
    "base62_decode": "(s)",
    "UrlShortener": {"__init__": "(self, redis, ids, cache_size=1024)", "create": "(self, url, alias=None)",
                     "resolve": "(self, code)", "clicks": "(self, code)", "drain_clicks": "(self, max_items=1000)"},
}

test_catalog = catalog_test("05_unique_ids")


# -- the probes the overflow and thread tests run in the student's process -----------------------------
import threading  # noqa: E402

from course.runtime.unique_ids import ScriptedMillisClock, race_in_overflow, snowflake_script  # noqa: E402

EPOCH = 1288834974657
T = 1_700_000_000_000


class _Snowflake:
    """A small correct generator (the contract's rules) for the probe tests."""

    def __init__(self, machine_id, epoch_ms=EPOCH, clock_ms=None):
        self.machine, self.epoch, self.clock = machine_id, epoch_ms, clock_ms
        self.last, self.seq, self.lock = -1, 0, threading.Lock()

    def next_id(self):
        with self.lock:
            ms = self.clock()
            while ms < self.last:
                ms = self.clock()
            if ms == self.last:
                self.seq = (self.seq + 1) & 4095
                if self.seq == 0:
                    while ms <= self.last:
                        ms = self.clock()
            else:
                self.seq = 0
            self.last = ms
            return ((ms - self.epoch) << 22) | (self.machine << 12) | self.seq


def _sf(ms, seq, machine=600):
    return ((ms - EPOCH) << 22) | (machine << 12) | seq


def test_scripted_clock_plays_the_script_then_moves_on_by_itself():
    clock = ScriptedMillisClock(T)
    clock.script.extend([T - 1, T + 3])
    assert [clock(), clock(), clock()] == [T - 1, T + 3, T]
    for _ in range(10_000):
        clock()
    assert clock() == T + 1          # a wait that never ends is ended by the clock


def test_snowflake_script_fills_and_overflows():
    out = snowflake_script(_Snowflake, 600, T, [("ids", 4096), ("script", [T, T - 2]), ("now", T + 5), ("ids", 2)])
    assert out[0][0] == _sf(T, 0) and out[0][-1] == _sf(T, 4095) and len(set(out[0])) == 4096
    assert out[1] == [_sf(T + 5, 0), _sf(T + 5, 1)]
    with pytest.raises(ValueError):
        snowflake_script(_Snowflake, 600, T, [("jump", 1)])


def test_race_in_overflow_gives_distinct_ids_with_a_lock():
    seen = race_in_overflow(_Snowflake, 3, T, pause=0.2)
    assert not seen.get("stuck") and "a_error" not in seen and "b_error" not in seen
    assert len(seen["before"]) == 4096 and seen["a"] != seen["b"]
    assert min(seen["a"], seen["b"]) > max(seen["before"]) and seen["later"] > max(seen["a"], seen["b"])
