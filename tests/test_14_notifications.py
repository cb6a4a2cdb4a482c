"""14_notifications: the catalog of correct and wrong implementations, the stubs' signatures, and
the teaching helpers and grader-side fakes of course/runtime/notifications.py.

Every correct variant (tests/catalogs/14_notifications/<Name>/correct_*.py) must get full marks;
every wrong one must fail exactly the checks it names. Uses Redis (fakeredis by default).
"""
import math

import pytest
from harness import catalog_test

from course.runtime.clocks import FakeClock
from course.runtime.notifications import (Dedup, Limiter, Provider, SeededRandom, at, delivery_report, expire_keys,
                                          lane_simulation, local_text, run_day, sends)
from course.runtime.redis_client import make_redis

pytestmark = pytest.mark.redis

CONTRACT = {
    "quiet_until": "(now, tz, start, end)",
    "Deduplicator": {"__init__": "(self, redis, window, clock=time.time, prefix='dedup')",
                     "first_seen": "(self, user, key)"},
    "NotificationService": {"__init__": "(self, users, providers, limiter, dedup, clock=time.time, rng=None, "
                                        "max_attempts=4, base_delay=30.0, cap_delay=600.0, high_per_low=3)",
                            "submit": "(self, notification)", "dispatch": "(self, limit=100)",
                            "next_due": "(self)", "dead_letters": "(self)"},
}

test_catalog = catalog_test("14_notifications")

T0 = 1_700_000_000.0


# -- grader-side fakes ---------------------------------------------------------------------------------
def test_provider_fails_on_cue_and_logs_every_call():
    clock, log = FakeClock(T0), []
    fcm = Provider("fcm", clock, down=[(T0 + 60, T0 + 120)], invalid={"stale"}, flaky={"n2": 1}, log=log)
    assert fcm.send({"id": "n1", "to": "tok", "text": "hi"}) == "fcm-1"
    with pytest.raises(ValueError):
        fcm.send({"id": "n1", "to": "stale", "text": "hi"})
    with pytest.raises(TimeoutError):
        fcm.send({"id": "n2", "to": "tok", "text": "hi"})
    assert fcm.send({"id": "n2", "to": "tok", "text": "hi"}) == "fcm-2"        # flaky once, then fine
    clock.set(T0 + 60)
    with pytest.raises(ConnectionError):
        fcm.send({"id": "n3", "to": "tok", "text": "hi"})
    clock.set(T0 + 120)                                                        # [start, end): back at end
    fcm.send({"id": "n3", "to": "tok", "text": "hi"})
    assert sends(log) == [(T0, "fcm", "n1", "sent"), (T0, "fcm", "n1", "invalid"), (T0, "fcm", "n2", "timeout"),
                          (T0, "fcm", "n2", "sent"), (T0 + 60, "fcm", "n3", "unavailable"),
                          (T0 + 120, "fcm", "n3", "sent")]
    assert fcm.delivered() == [(T0, "n1"), (T0, "n2"), (T0 + 120, "n3")]
    assert Provider.__remote_methods__ == ("send",)


def test_provider_rejects_other_message_shapes_and_records_nothing():
    log = []
    p = Provider("ses", FakeClock(T0), log=log)
    for bad in ({"id": "n1", "to": "a"}, {"id": "n1", "to": "a", "text": "t", "extra": 1},
                {"id": 1, "to": "a", "text": "t"}, [("id", "n1")]):
        with pytest.raises(TypeError):
            p.send(bad)
    assert log == [] and p.calls == 0


def test_limiter_is_a_token_bucket_per_key_and_logs():
    clock, journal = FakeClock(T0), []
    limiter = Limiter(clock, capacity=2, per=3600, refuse={"x"}, log=journal)
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a"), limiter.allow("b"), limiter.allow("x")] == \
        [True, True, False, True, False]
    clock.advance(1800)                                                        # one token back
    assert [limiter.allow("a"), limiter.allow("a")] == [True, False]
    assert journal[0] == ("limiter", "a", True) and limiter.keys()[-1] == "a"
    assert all(Limiter(clock).allow("k") for _ in range(1000))                # capacity inf: never refuses
    with pytest.raises(ValueError):
        Limiter(clock, capacity=0)
    with pytest.raises(TypeError):
        limiter.allow(("a", "b"))


def test_dedup_window_counts_from_the_recorded_sighting():
    clock, journal = FakeClock(T0), []
    dedup = Dedup(clock, window=60, log=journal)
    got = []
    for dt in (0, 40, 60, 100, 119.5, 120):
        clock.set(T0 + dt)
        got.append(dedup.first_seen("u", "k"))
    assert got == [True, False, True, False, False, True]
    assert dedup.first_seen("v", "k") is True and journal[0] == ("dedup", "u", "k", True)
    with pytest.raises(TypeError):
        dedup.first_seen("u", 1)


def test_seeded_random_counts_draws_like_random():
    import random

    a, b = SeededRandom(5), random.Random(5)
    assert a.uniform(0, 1200.0) == b.uniform(0, 1200.0) and a.draws == 1


def test_expire_keys_deletes_what_would_have_expired():
    r = make_redis(decode_responses=True)
    r.set("short", 1, px=5_000)
    r.set("long", 1, px=60_000)
    r.set("forever", 1)
    assert expire_keys(r, 10) == ["short"]
    assert sorted(r.keys()) == ["forever", "long"]
    assert expire_keys(r) == ["long"] and r.keys() == ["forever"]
    rb = make_redis()
    rb.set(b"k", 1, px=1000)
    assert expire_keys(rb, 1) == ["k"]


# -- driving a service -------------------------------------------------------------------------------------
class _Recorder:
    """A minimal service: queues everything due at submit time + delay, sends it on dispatch."""

    def __init__(self, clock, delay=0.0):
        self.clock, self.delay, self.queue, self.calls = clock, delay, [], []

    def submit(self, n):
        self.queue.append((self.clock() + self.delay, n["id"]))
        self.calls.append(("submit", self.clock(), n["id"]))
        return "queued"

    def dispatch(self, limit=100):
        now = self.clock()
        due = [q for q in self.queue if q[0] <= now][:limit]
        for q in due:
            self.queue.remove(q)
        self.calls.append(("dispatch", now, [i for _, i in due]))
        return len(due)

    def next_due(self):
        return min(t for t, _ in self.queue) if self.queue else None


def test_run_day_ticks_on_the_minute_submits_first_and_stops_at_until():
    clock = FakeClock(at("2024-06-12 00:00"))
    service = _Recorder(clock, delay=90)
    events = [(at("2024-06-12 00:00:10"), {"id": "a"}), (at("2024-06-12 00:02"), {"id": "b"}),
              (at("2024-06-12 00:02"), {"id": "c"})]
    answers = run_day(service, clock, events, until=at("2024-06-12 00:03"), tick=60, limit=1)
    assert answers == ["queued"] * 3
    t = at("2024-06-12 00:00")
    # a is due at 00:01:40: the worker's tick is 00:02, when b and c arrive: the submits come first;
    # b and c are due at 00:03:30, whose tick (00:04) is after `until`
    assert service.calls == [("submit", t + 10, "a"), ("submit", t + 120, "b"), ("submit", t + 120, "c"),
                             ("dispatch", t + 120, ["a"])]
    assert service.next_due() == t + 210


def test_run_day_raises_when_the_worker_never_finishes():
    class Stuck(_Recorder):
        def dispatch(self, limit=100):
            return 0

    clock = FakeClock(T0)
    with pytest.raises(RuntimeError):
        run_day(Stuck(clock), clock, [(T0, {"id": "a"})], until=T0 + 10 * 86_400, max_ticks=50)


# -- numbers and figures -------------------------------------------------------------------------------------
def test_at_and_local_text():
    assert at("2024-06-12 21:30") == 1718227800.0 and at("2024-03-10 11:00") == 1710068400.0
    assert local_text(at("2024-11-03 12:00"), "America/New_York") == "2024-11-03 07:00 EST"
    assert local_text(at("2024-06-12 21:30"), "Europe/Lisbon", with_date=False) == "22:30 WEST"


def test_lane_simulation_strict_and_weighted_beat_fifo():
    fifo = lane_simulation("fifo", blast=2000)
    strict = lane_simulation("strict", blast=2000)
    weighted = lane_simulation("weighted", blast=2000, high_per_low=3)
    assert fifo["arrivals"] == strict["arrivals"] == weighted["arrivals"]      # one seeded arrival process
    assert max(fifo["waits"]) > 10 > 0.05 > max(strict["waits"])
    assert max(weighted["waits"]) < 0.1 and not any(math.isnan(w) for w in weighted["waits"])
    n = len(fifo["arrivals"])
    assert fifo["blast_done"] == pytest.approx(20.0)            # 2000 messages at 100/s, first in line
    for r in (fifo, strict, weighted):                       # every message sent once, 10 ms each
        assert len(r["blast_sent"]) == 2000
        assert 20.0 - 1e-9 <= r["blast_done"] <= (2000 + n) / 100.0 + 1e-9
    with pytest.raises(ValueError):
        lane_simulation("lifo", blast=10)


def test_delivery_report_counts_outcomes_and_latency():
    log = [{"t": 10.0, "provider": "a", "id": "n1", "outcome": "unavailable"},
           {"t": 10.0, "provider": "b", "id": "n1", "outcome": "sent"},
           {"t": 50.0, "provider": "a", "id": "n2", "outcome": "sent"},
           {"t": 70.0, "provider": "a", "id": "n3", "outcome": "invalid"}]
    rows = delivery_report(log, {"n1": 0.0, "n2": 20.0, "n3": 60.0})
    assert [r["provider"] for r in rows] == ["a", "b"]
    a, b = rows
    assert (a["attempts"], a["sent"], a["unavailable"], a["invalid"], a["timeout"]) == (3, 1, 1, 1, 0)
    assert a["median latency"] == 30.0 and a["worst latency"] == 30.0 and b["worst latency"] == 10.0


def test_figures_draw():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course.runtime.notifications import campaign_figure, lanes_figure

    fig, _ = lanes_figure([lane_simulation(p, blast=200, duration=5) for p in ("fifo", "strict", "weighted")])
    plt.close(fig)
    t = at("2024-06-12 18:00")
    fig, ax = campaign_figure(t, {"Europe/Paris": t, "Asia/Tokyo": t + 7 * 3600}, {"Europe/Paris": 2e6,
                                                                                  "Asia/Tokyo": 1e6})
    assert len(ax.patches) > 0
    plt.close(fig)
