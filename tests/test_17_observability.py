"""17_observability: the catalog of variants, and the helpers behind the notebook and its tests
(course.runtime.observability): latency data, PromQL's histogram_quantile, error streams and the
offline alert timeline, traces, the incident telemetry, and the memory probes."""
import math
import random

import pytest

from harness import catalog_test

from course.runtime import observability as obs

CONTRACT = {
    "LogHistogram": {"__init__": "(self, relative_accuracy=0.01)", "record": "(self, value)", "__len__": "(self)",
                     "buckets": "(self)", "quantile": "(self, q)", "merge": "(self, other)"},
    "downtime_seconds": "(availability, period_seconds)",
    "serial_availability": "(availabilities)",
    "parallel_availability": "(availabilities)",
    "k_of_n_availability": "(k, n, availability)",
    "BurnRateAlerter": {"__init__": "(self, slo, rules, clock=time.monotonic)", "record": "(self, requests, errors)",
                        "firing": "(self)"},
    "critical_path": "(spans)",
}
test_catalog = catalog_test("17_observability")


# -- small reference implementations the helpers are checked against ------------------------------------
class SketchHistogram:
    def __init__(self, relative_accuracy=0.01):
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.counts = {}

    def record(self, value):
        i = math.ceil(math.log(value) / math.log(self.gamma))
        self.counts[i] = self.counts.get(i, 0) + 1

    def buckets(self):
        return dict(self.counts)


class ListHistogram(SketchHistogram):
    def __init__(self, relative_accuracy=0.01):
        super().__init__(relative_accuracy)
        self.values = []

    def record(self, value):
        self.values.append(value)

    def buckets(self):
        return self.counts                 # the histogram's own dict: callers can change it


class CounterHistogram(SketchHistogram):
    def buckets(self):
        from collections import Counter

        return Counter(self.counts)


class ForgetfulAlerter:
    def __init__(self, slo, rules, clock):
        self.clock, self.horizon, self.records = clock, max(max(r[2], r[3]) for r in rules), []

    def record(self, requests, errors):
        now = self.clock()
        self.records.append((now, requests, errors))
        self.records = [r for r in self.records if r[0] > now - self.horizon]


class HoardingAlerter(ForgetfulAlerter):
    def record(self, requests, errors):
        self.records.append((self.clock(), requests, errors))


class ExactInstantAlerter(ForgetfulAlerter):
    """Drops a record only when it is exactly `horizon` old (== instead of <=)."""
    def record(self, requests, errors):
        now = self.clock()
        self.records.append((now, requests, errors))
        while self.records and self.records[0][0] == now - self.horizon:
            self.records.pop(0)


def brute_ratio(stream, k, window):
    t = stream[k][0]
    inside = [(r, e) for (s, r, e) in stream[:k + 1] if t - window < s <= t]
    requests = sum(r for r, _ in inside)
    return sum(e for _, e in inside) / requests if requests else None


# -- latency data and histograms ----------------------------------------------------------------------
def test_latency_samples_are_seeded_positive_and_heavy_tailed():
    a, b = obs.latency_samples(5_000, seed=4), obs.latency_samples(5_000, seed=4)
    assert a == b and a != obs.latency_samples(5_000, seed=5)
    assert min(a) > 0
    p50, p99 = obs.exact_quantile(a, 0.5), obs.exact_quantile(a, 0.99)
    assert 30 < p50 < 55 and p99 > 4 * p50          # a tight body and a long tail


def test_exact_quantile_uses_floor_of_q_times_n_minus_1():
    values = [50, 10, 40, 20, 30]
    assert [obs.exact_quantile(values, q) for q in (0, 0.24, 0.25, 0.5, 0.99, 1)] == [10, 10, 20, 30, 40, 50]


def test_prometheus_quantile_interpolates_inside_the_bucket():
    bounds = (10.0, 20.0, 40.0)
    counts = obs.fixed_bucket_counts([5, 12, 14, 16, 18, 30, 100], bounds)
    assert counts == [1, 4, 1, 1]                      # (0, 10], (10, 20], (20, 40], +Inf
    assert obs.prometheus_quantile(0.5, bounds, counts) == pytest.approx(10 + 10 * (3.5 - 1) / 4)
    assert obs.prometheus_quantile(0.1, bounds, counts) == pytest.approx(0 + 10 * 0.7 / 1)
    assert obs.prometheus_quantile(0.99, bounds, counts) == 40.0   # in +Inf: the highest finite bound
    assert obs.fixed_bucket_counts([10.0, 10.000001], bounds) == [1, 1, 0, 0]   # le: upper bounds included


def test_the_graded_data_never_sits_on_a_bucket_bound():
    """The histogram tests compare bucket indexes exactly: their values must be far from every bound."""
    def far(values, alpha):
        g = math.log((1 + alpha) / (1 - alpha))
        return all(v == 1.0 or abs(math.log(v) / g - round(math.log(v) / g)) > 1e-6 for v in values)

    rng = random.Random(13)
    pareto = [rng.paretovariate(1.1) for _ in range(3_000)]
    wide = [rng.lognormvariate(0.0, 3.0) for _ in range(3_000)]
    fixed = [1.0, 1.5, 2.0, 100.0, 3.0, 0.5, 1.001, 1.01, 1.02, 1.0203, 0.0042, 0.25, 0.9, 7.3, 42.0, 980.5,
             12345.678, 5.0, 500.0, 0.004, 0.031, 12345.0] + list(range(10, 120, 10))
    for alpha in (0.01, 0.02, 0.05, 0.001):
        assert far(fixed, alpha)
    assert far(obs.latency_samples(3_000, seed=11), 0.01)
    for alpha in (0.01, 0.05):
        assert far(obs.latency_samples(4_000, seed=12), alpha)
    assert far(pareto, 0.02) and far(wide, 0.02)
    servers = obs.latency_samples(800, seed=21) + obs.latency_samples(500, seed=22, median_ms=80) + \
        obs.latency_samples(300, seed=23, median_ms=200, tail_start_ms=600)
    assert far(servers, 0.01)


def test_histogram_memory_tells_a_sketch_from_a_list():
    sketch, hoard = obs.histogram_memory(SketchHistogram), obs.histogram_memory(ListHistogram)
    assert sketch["big_bytes"] - sketch["small_bytes"] < 8_000
    assert hoard["big_bytes"] - hoard["small_bytes"] > 200_000


def test_buckets_probe_sees_a_shared_dict():
    assert obs.buckets_after_changing_a_copy(SketchHistogram) == {35: 1}
    assert obs.buckets_after_changing_a_copy(ListHistogram) == {35: 1000, -1: 5}
    assert type(obs.buckets_after_changing_a_copy(CounterHistogram)) is dict     # plain data from a Counter


def test_type_name_names_subclasses_of_dict():
    from collections import Counter, defaultdict

    assert [obs.type_name(v) for v in ({}, Counter(), defaultdict(int), [])] == ["dict", "Counter", "defaultdict",
                                                                                   "list"]


def test_histogram_memory_values_fall_into_35_buckets():
    """The number quoted in the test's name: seed 3's 10,000 values in [1, 2) fill buckets 1 to 35."""
    rng = random.Random(3)
    gamma = 1.01 / 0.99
    indexes = {math.ceil(math.log(1.0 + rng.random()) / math.log(gamma)) for _ in range(10_000)}
    assert sorted(indexes) == list(range(1, 36))


# -- error streams and burn-rate alerts -----------------------------------------------------------------
def test_traffic_has_three_days_of_history_then_the_scripted_steps():
    stream = obs.traffic(hours=2, step_s=60, requests_per_step=6000, baseline_error_ratio=0.0002,
                         incidents=[(600, 1200, 0.5)])
    history = [s for s in stream if s[0] <= 0]
    assert len(history) == 144 and history[-1][0] == 0.0 and history[0][0] == -3 * obs.DAY + 1800
    assert all(r == 180_000 and e == 36 for _, r, e in history)
    live = [s for s in stream if s[0] > 0]
    assert len(live) == 120 and live[0] == (60.0, 6000, 1)
    assert [e for t, _, e in live if 600 < t <= 1200] == [3000] * 10
    assert all(e == 1 for t, _, e in live if not 600 < t <= 1200)


@pytest.mark.parametrize("window", [60, 300, 3600, 6 * 3600])
def test_window_ratios_match_a_brute_force_count(window):
    stream = obs.traffic(hours=3, step_s=60, incidents=[(3600, 4000, 0.3)])
    fast = obs.window_ratios(stream, window)
    for k in range(0, len(stream), 7):
        assert fast[k] == pytest.approx(brute_ratio(stream, k, window))


def test_alert_timeline_reproduces_the_workbook_numbers():
    stream = obs.traffic(hours=30, incidents=[(4 * obs.HOUR, 4 * obs.HOUR + 600, 1.0)])
    times = [t for t, _, _ in stream]
    timeline = obs.alert_timeline(stream, 0.999)
    start, end = 4 * obs.HOUR, 4 * obs.HOUR + 600
    spans = {name: obs.firing_spans(times, flags) for name, flags in timeline.items()}
    assert spans["page-1h"] == [(start + 60, end + 300)]          # first minute; 5 min after the end
    assert spans["page-6h"] == [(start + 180, end + 1800)]        # 30 min after the end
    assert spans["ticket-3d"][0][1] == end + 6 * obs.HOUR         # 6 h after the end


def test_firing_spans_and_window_names():
    assert obs.firing_spans([1, 2, 3, 4, 5], [False, True, True, False, True]) == [(2, 4), (5, None)]
    assert [obs.human_window(w) for w in (300, 3600, 259200, 90)] == ["5 min", "1 h", "3 d", "90 s"]


def test_alerter_memory_tells_forgetting_from_hoarding():
    kept, hoarded = obs.alerter_memory(ForgetfulAlerter), obs.alerter_memory(HoardingAlerter)
    assert kept["big_bytes"] - kept["small_bytes"] < 8_000
    assert hoarded["big_bytes"] - hoarded["small_bytes"] > 300_000
    exact = obs.alerter_memory(ExactInstantAlerter)          # 0.7 s steps never land on now - 60 exactly
    assert exact["big_bytes"] - exact["small_bytes"] > 300_000


def test_the_alerter_tests_stay_clear_of_the_threshold():
    """The graded scenarios never put a window's ratio within 1e-6 of a rule's threshold (floating point)."""
    rules = obs.SRE_WORKBOOK_RULES

    def script(phases):
        out, t = [], -3 * 86_400
        for n, step, requests, errors in [(11, 21600, 2_160_000, 360), (12, 1800, 180_000, 30)] + phases:
            for _ in range(n):
                t += step
                out.append((float(t), requests, errors))
        return out

    for phases in ([(5, 600, 60_000, 10), (10, 60, 6000, 1), (10, 60, 6000, 6000), (40, 60, 6000, 1),
                    (36, 600, 60_000, 10)],
                   [(6, 600, 60_000, 10), (48, 600, 60_000, 600)],
                   [(6, 600, 60_000, 10), (48, 1200, 120_000, 600)]):
        stream = script(phases)
        for _, burn, long_w, short_w in rules:
            for w in (long_w, short_w):
                for ratio in obs.window_ratios(stream, w):
                    assert ratio is None or abs(ratio - burn * 0.001) > 1e-6


# -- traces ---------------------------------------------------------------------------------------------
def test_checkout_trace_is_a_well_formed_tree():
    spans = obs.checkout_trace()
    by_id = {s["span_id"]: s for s in spans}
    assert len(by_id) == len(spans) and [s["parent_id"] for s in spans].count(None) == 1
    for s in spans:
        assert s["start"] <= s["end"]
        if s["parent_id"] is not None:
            parent = by_id[s["parent_id"]]
            assert parent["start"] <= s["start"] and s["end"] <= parent["end"]
    assert [s["span_id"] for s in obs.tree_order(spans)][:6] == ["a1", "b1", "c1", "c2", "c3", "d1"]
    assert obs.span_depths(spans)["d3"] == 3


def test_self_time_and_time_by():
    spans = [obs.span("r", None, "root", "gw", 0, 100), obs.span("a", "r", "a", "svc", 10, 40),
             obs.span("b", "r", "b", "svc", 30, 60)]
    assert obs.self_time(spans) == {"r": 50, "a": 30, "b": 30}
    path = [("r", 0, 10), ("a", 10, 40), ("r", 40, 60), ("r", 60, 100)]
    assert obs.time_by(spans, path) == {"gw": 70, "svc": 30}
    assert obs.time_by(spans, path, key="name") == {"root": 70, "a": 30}


def test_incident_telemetry_is_seeded_and_consistent():
    t = obs.incident_telemetry()
    assert t == obs.incident_telemetry()
    assert set(t["latency"]) == set(obs.HOSTS) and all(len(v) == 60 for v in t["latency"].values())
    for (host, minute), trace_id in list(t["exemplars"].items())[::37]:
        spans = t["traces"][trace_id]
        root = spans[0]
        assert (root["end"] - root["start"]) / 1000 == pytest.approx(max(t["latency"][host][minute]), abs=0.01)
        by_id = {s["span_id"]: s for s in spans}
        for s in spans[1:]:
            parent = by_id[s["parent_id"]]
            assert parent["start"] <= s["start"] <= s["end"] <= parent["end"]
    spike = [obs.exact_quantile(t["latency"]["api-3"][m], 0.99) for m in range(obs.SPIKE_FROM, obs.SPIKE_TO + 1)]
    calm = [obs.exact_quantile(t["latency"]["api-3"][m], 0.99) for m in range(0, 30)]
    assert min(spike) > 3 * max(calm)
    assert {line["host"] for line in t["logs"] if "lock wait" in line["message"]} == {"api-3"}
