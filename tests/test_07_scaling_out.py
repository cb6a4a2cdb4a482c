"""07_scaling_out: the catalog of correct and wrong implementations, graded by the notebook's own
test cells, and plain tests of the teaching helpers in course.runtime.scaling_out.

Every correct variant must get full marks; every wrong one must fail exactly the checks it names.
The session store runs on Redis (fakeredis by default, a real server under `make test-redis`).
"""
import math
import random

import pytest
from harness import catalog_test

from course.runtime.clocks import FakeClock
from course.runtime.scaling_out import (ALGORITHMS, FakeHealth, FakeOrigin, NoHealthyBackend, ScriptedProbe,
                                        SeededRandom, StudentRandom, capacities_for, cdn_origin_rate,
                                        detection_window, load_curve, percentile, request_trace,
                                        simulate_autoscaling, simulate_balancing, simulate_ttl_cache, stale_fraction,
                                        ttl_fetch_rate, usl_peak, usl_throughput, vrrp_master_down_interval,
                                        zipf_rates)

pytestmark = pytest.mark.redis

CONTRACT = {
    "RoundRobin": {"__init__": "(self, backends)", "pick": "(self)"},
    "SmoothWeightedRoundRobin": {"__init__": "(self, weights)", "pick": "(self)"},
    "LeastConnections": {"__init__": "(self, backends)", "pick": "(self)", "release": "(self, backend)",
                         "active": "(self, backend)"},
    "PowerOfTwoChoices": {"__init__": "(self, backends, rng)", "pick": "(self)", "release": "(self, backend)",
                          "active": "(self, backend)"},
    "HealthChecker": {"__init__": "(self, backends, probe, clock=time.monotonic, interval=2.0, rise=2, fall=3)",
                      "run_due": "(self)", "is_healthy": "(self, backend)", "healthy": "(self)"},
    "HealthyRoundRobin": {"__init__": "(self, backends, checker)", "pick": "(self)"},
    "L7Router": {"__init__": "(self, routes)", "route": "(self, host, path)"},
    "l4_pick": "(flow, backends)",
    "Autoscaler": {"__init__": "(self, min_replicas, max_replicas, target, cooldown, clock=time.monotonic, "
                               "tolerance=0.1, replicas=None)",
                   "observe": "(self, utilization)"},
    "EdgeCache": {"__init__": "(self, origin, clock=time.monotonic)", "get": "(self, url)",
                  "revalidate_pending": "(self)", "purge": "(self, url)", "purge_tag": "(self, tag)"},
    "SessionStore": {"__init__": "(self, redis, idle_timeout, absolute_timeout, clock=time.time, prefix='session')",
                     "create": "(self, user, data=None)", "get": "(self, session_id)",
                     "revoke": "(self, session_id)", "revoke_all": "(self, user)"},
}

test_catalog = catalog_test("07_scaling_out")


# -- the grader-side fakes ------------------------------------------------------------------------------
def test_seeded_random_is_a_random_and_counts_samples():
    rng, plain = SeededRandom(7), random.Random(7)
    assert isinstance(rng, random.Random)
    assert rng.sample(range(5), 2) == plain.sample(range(5), 2) == [2, 1]
    assert rng.sample_indices(9, 2) == plain.sample(range(9), 2)
    assert rng.samples == 2


@pytest.mark.parametrize("n", [2, 5, 30, 200])
def test_student_random_draws_exactly_what_random_random_draws(n):
    """The student's side asks the grader's generator for positions and maps them: the same picks."""
    population = [f"b{i}" for i in range(n)]
    theirs, plain = StudentRandom(SeededRandom(11)), random.Random(11)
    for _ in range(20):
        assert theirs.sample(population, 2) == plain.sample(population, 2)
        assert theirs.sample(range(n), 2) == plain.sample(range(n), 2)
        assert theirs.choice(population) == plain.choice(population)
        assert theirs.randrange(n) == plain.randrange(n)
        assert theirs.randint(1, 6) == plain.randint(1, 6)
        assert theirs.random() == plain.random()


def test_scripted_probe_answers_raises_and_records():
    clock = FakeClock(10.0)
    probe = ScriptedProbe({"b": [False, TimeoutError("slow"), True]}, clock, default=True)
    assert probe("a") is True and probe("b") is False
    with pytest.raises(TimeoutError):
        probe("b")
    clock.advance(2)
    assert probe("b") is True and probe("b") is True
    assert probe.calls[:2] == [(10.0, "a"), (10.0, "b")] and probe.count("b") == 4


def test_fake_health_and_fake_origin():
    health = FakeHealth(["a", "b"], down={"b"})
    assert health.is_healthy("a") and not health.is_healthy("b") and health.healthy() == ["a"]
    with pytest.raises(KeyError):
        health.is_healthy("zzz")
    origin = FakeOrigin({"/a": "max-age=60", "/b": None}, tags={"/a": "t1 t2"})
    assert origin.fetch("/a") == ("/a #1", {"Cache-Control": "max-age=60", "Surrogate-Key": "t1 t2"})
    assert origin.fetch("/b") == ("/b #1", {}) and origin.fetch("/a")[0] == "/a #2"
    assert origin.count() == 3 and origin.count("/a") == 2
    with pytest.raises(KeyError):
        origin.fetch("/nowhere")


# -- the load-balancing simulation -------------------------------------------------------------------------
def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50 and percentile(values, 99) == 99 and percentile(values, 100) == 100
    assert percentile([5.0], 99) == 5.0 and math.isnan(percentile([], 50))


def test_capacities_are_geometric():
    assert capacities_for(1, 3.0) == [1.0]
    caps = capacities_for(3, 4.0)
    assert caps[0] == 1.0 and caps[-1] == pytest.approx(4.0) and caps[1] == pytest.approx(2.0)


def test_request_trace_is_seeded_and_has_the_asked_load():
    a, b = request_trace(10.0, 0.8, 1.0, n=4000, seed=3), request_trace(10.0, 0.8, 1.0, n=4000, seed=3)
    assert a.arrivals == b.arrivals and a.costs == b.costs and a.clients == b.clients
    offered = sum(a.costs) / a.arrivals[-1]          # work per second arriving, in speed-1 seconds
    assert offered == pytest.approx(8.0, rel=0.1)
    assert min(a.clients) >= 0 and max(a.clients) < 200
    flat = request_trace(10.0, 0.5, 0.0, n=100, seed=1)
    assert set(flat.costs) == {0.02}


def test_simulation_tells_the_algorithms_apart():
    caps = capacities_for(8, 3.0)
    trace = request_trace(sum(caps), 0.85, 1.0, n=4000, seed=1)
    runs = {name: simulate_balancing(name, caps, trace=trace) for name in ALGORITHMS}
    assert all(len(r.latencies) == 4000 and sum(r.served) == 4000 for r in runs.values())
    assert runs["least connections"].p99 < runs["power of two choices"].p99 < runs["random"].p99
    assert runs["weighted round robin"].p99 < runs["round robin"].p99
    equal = capacities_for(8, 1.0)
    flat = request_trace(8.0, 0.9, 0.0, n=4000, seed=1)
    rr = simulate_balancing("round robin", equal, trace=flat)
    assert rr.p99 < simulate_balancing("random", equal, trace=flat).p99


def test_simulation_drives_an_object_with_pick_and_release():
    released = []

    class Spy:
        def __init__(self):
            self.n = 0

        def pick(self):
            self.n += 1
            return self.n % 2

        def release(self, backend):
            released.append(backend)

    trace = request_trace(2.0, 0.5, 0.0, n=200, seed=1)
    run = simulate_balancing(Spy, [1.0, 1.0], trace=trace, name="spy")
    assert run.algorithm == "spy" and run.served == [100, 100] and len(released) > 150

    class Stub:
        def pick(self):
            raise NotImplementedError

    assert simulate_balancing(Stub, [1.0], trace=trace) is None
    with pytest.raises(ValueError):
        simulate_balancing(lambda: type("Bad", (), {"pick": lambda self: 7})(), [1.0, 1.0], trace=trace)


def test_simulated_latency_is_queueing_plus_service():
    trace = request_trace(1.0, 0.5, 0.0, n=50, seed=2)
    run = simulate_balancing("round robin", [1.0], trace=trace)
    finish = 0.0
    for t, cost, latency in zip(trace.arrivals, trace.costs, run.latencies):
        finish = max(t, finish) + cost
        assert latency == pytest.approx(finish - t)


# -- autoscaling, health, USL, VRRP, CDN, DNS ----------------------------------------------------------------
def test_autoscaling_simulation_applies_answers_with_a_boot_delay():
    class Fixed:
        def __init__(self, clock):
            self.clock = clock

        def observe(self, utilization):
            return 10 if self.clock() >= 60 else 3

    run = simulate_autoscaling(Fixed, lambda t: 600.0, capacity=100.0, boot_delay=30, period=15, duration=150)
    assert run.desired[:4] == [3, 3, 3, 3] and run.desired[4] == 10
    assert run.ready[4] == 3 and run.ready[6] == 10          # asked at t=60, ready at t=90
    assert run.utilization[0] == 1.0 and run.changes == 1
    assert simulate_autoscaling(lambda clock: (_ for _ in ()).throw(NotImplementedError), lambda t: 1.0) is None


def test_load_curve_is_seeded_and_shaped():
    rate = load_curve(base=300, peak=1100, rise_at=600, fall_at=2400, noise=0.0)
    assert rate(0) == 300 and rate(750) == pytest.approx(700) and rate(1000) == 1100 and rate(3000) == 300
    noisy = load_curve(seed=3)
    assert noisy(100) == load_curve(seed=3)(100) and 270 <= noisy(100) <= 330


def test_small_formulas():
    assert detection_window(2.0, 3) == (4.0, 6.0)
    assert vrrp_master_down_interval(1.0, 100) == pytest.approx(3 + 156 / 256)
    assert usl_throughput(1, 0.1, 0.01) == 1 and usl_peak(0.03, 100e-6) == pytest.approx(math.sqrt(0.97 / 1e-4))
    assert usl_peak(0.1, 0.0) == math.inf
    assert ttl_fetch_rate(10.0, 0.0) == 10.0 and ttl_fetch_rate(1.0, 9.0) == pytest.approx(0.1)
    assert sum(zipf_rates(100, 50.0)) == pytest.approx(50.0)


def test_ttl_formula_matches_the_simulation():
    rates = zipf_rates(300, 200.0, s=1.0)
    formula = cdn_origin_rate(rates, 30)
    simulated = simulate_ttl_cache(rates, 30, duration=3030, seed=1, warmup=30) / 3000
    assert simulated == pytest.approx(formula, rel=0.05)
    assert cdn_origin_rate(rates, 30, pops=20) > formula


def test_stale_fraction():
    assert stale_fraction(0, 60) == 1 and stale_fraction(30, 60) == 0.5 and stale_fraction(90, 60) == 0
    assert stale_fraction(90, 60, ignore_fraction=0.1, ignore_for=180) == pytest.approx(0.05)


def test_no_healthy_backend_is_a_runtime_error():
    assert issubclass(NoHealthyBackend, RuntimeError)
