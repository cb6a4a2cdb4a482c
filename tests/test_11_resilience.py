"""11_resilience: the catalog of correct and wrong implementations, and the teaching helpers.

Every correct variant (tests/catalogs/11_resilience/<Name>/correct_*.py) must get full marks;
every wrong one must fail exactly the checks it names. The helpers in
course/runtime/resilience.py (grader-side fakes and the simulations the notebook quotes) are
tested below: deterministic, no sleeps, no real clock.
"""
import random

import pytest
from harness import catalog_test

from course.runtime.clocks import FakeClock
from course.runtime.resilience import (AdvancingSleep, Blocker, BulkheadFullError, CircuitOpenError, RetryBudget,
                                       Script, SeededRandom, breaker_timeline, bulkhead_simulation, in_thread,
                                       occ_contention, replay_shedder, retry_storm, retry_with, shedding_simulation)

CONTRACT = {
    "backoff_delays": "(strategy, count, base, cap, rng)",
    "retry": "(fn, strategy='full', max_attempts=3, base=0.1, cap=10.0, retryable=(ConnectionError, TimeoutError), "
             "deadline=None, budget=None, rng=None, clock=time.monotonic, sleep=time.sleep)",
    "CircuitBreaker": {"__init__": "(self, failure_threshold=0.5, window=20, min_calls=10, reset_timeout=30.0, "
                                   "probes=1, clock=time.monotonic)",
                       "call": "(self, fn)",
                       "state": "(self)"},                  # a property (an attribute would do too)
    "Bulkhead": {"__init__": "(self, limits, max_wait=0.0, poll=0.01, clock=time.monotonic, sleep=time.sleep)",
                 "active": "(self, dependency)",
                 "call": "(self, dependency, fn)"},
    "LoadShedder": {"__init__": "(self, capacity, max_wait, clock=time.monotonic)",
                    "__len__": "(self)",
                    "offer": "(self, request, priority=0)",
                    "next": "(self)"},                      # and the attribute `dropped`
    "StaleFallback": {"__init__": "(self, primary, max_stale, fallback=None, clock=time.monotonic)",
                      "get": "(self, key)"},
}

test_catalog = catalog_test("11_resilience")


# -- grader-side fakes ---------------------------------------------------------------------------------
def test_seeded_random_counts_draws_and_matches_random():
    rng, ref = SeededRandom(7), random.Random(7)
    got = [rng.uniform(0, 2.0), rng.random(), rng.uniform(1.0, 3.0)]
    want = [ref.uniform(0, 2.0), ref.random(), ref.uniform(1.0, 3.0)]
    assert got == want and rng.draws == 3


def test_advancing_sleep_moves_the_clock_and_calls_then():
    clock, seen = FakeClock(100.0), []
    sleep = AdvancingSleep(clock, then=seen.append)
    sleep(0.25)
    sleep(1)
    assert (clock(), sleep.calls, seen, sleep.total) == (101.25, [0.25, 1], [1, 2], 1.25)
    with pytest.raises(ValueError):
        sleep(-1)
    with pytest.raises(TypeError):
        sleep("1")
    short = AdvancingSleep(limit=2)
    short(0.1), short(0.1)
    with pytest.raises(RuntimeError):
        short(0.1)


def test_retry_budget_is_exact_in_thousandths():
    budget = RetryBudget(ratio=0.1, max_tokens=1)
    assert budget.withdraw() is True and budget.withdraw() is False
    for _ in range(10):                       # ten deposits of 0.1 make exactly one token
        budget.deposit()
    assert budget.withdraw() is True and budget.withdraw() is False
    assert (budget.deposits, budget.withdrawals, budget.refusals) == (10, 2, 2)
    capped = RetryBudget(ratio=0.5, max_tokens=2)
    for _ in range(10):
        capped.deposit()
    assert capped.tokens == 2
    with pytest.raises(ValueError):
        RetryBudget(ratio=1.5)


def test_script_answers_in_order_then_repeats():
    clock = FakeClock(5.0)
    script = Script(["a", ConnectionError("x"), KeyError], then="rest", clock=clock)
    assert script("k") == "a"
    with pytest.raises(ConnectionError):
        script()
    with pytest.raises(KeyError):
        script()
    assert [script(), script()] == ["rest", "rest"]
    assert script.calls == 5 and script.args[0] == ("k",) and script.times == [5.0] * 5


def test_blocker_and_in_thread_need_no_sleep():
    slow = Blocker(result="done")
    worker = in_thread(slow, 1)
    assert slow.wait_entered(1, timeout=5)
    assert not worker.done.is_set()
    slow.release()
    assert worker.join() and worker.result == "done" and worker.error is None
    failing = Blocker(error=TimeoutError("late"))
    worker = in_thread(failing)
    failing.release()
    assert worker.join() and isinstance(worker.error, TimeoutError)


def test_retry_with_builds_the_exception_classes():
    seen = []

    def fake_retry(fn, retryable, **kwargs):
        seen.append((retryable, kwargs))
        return fn()

    assert retry_with(fake_retry, lambda: 42, ("KeyError", "TimeoutError"), max_attempts=2) == 42
    assert seen == [((KeyError, TimeoutError), {"max_attempts": 2})]
    with pytest.raises(ValueError):
        retry_with(fake_retry, lambda: 1, ("print",))


# -- simulations: deterministic, and the properties the notebook quotes ----------------------------------
def test_occ_contention_reproduces_the_blog_ordering():
    at = {s: occ_contention(s, 50, runs=5) for s in ("zero", "none", "full", "equal", "decorrelated")}
    assert occ_contention("full", 50, runs=5) == at["full"]                     # seeded
    assert at["none"].completion_ms > 5 * max(at[s].completion_ms for s in ("full", "equal", "decorrelated"))
    assert max(at[s].calls for s in ("full", "equal", "decorrelated")) < 0.7 * at["zero"].calls
    assert at["equal"].completion_ms > at["full"].completion_ms
    assert occ_contention("zero", 1, runs=3).calls == 1                         # one client, one write


def test_retry_storm_amplification_and_budget():
    plain = retry_storm(layers=3, attempts=3, outage=10.0, rate=30.0, capacity=40.0)
    budgeted = retry_storm(layers=3, attempts=3, outage=10.0, rate=30.0, capacity=40.0, budget=0.1)
    single = retry_storm(layers=1, attempts=3, outage=10.0, rate=30.0, capacity=40.0)
    none = retry_storm(layers=3, attempts=1, outage=10.0, rate=30.0, capacity=40.0)
    assert 20 < plain.amplification <= 27
    assert budgeted.amplification < 1.6 and none.amplification == 1.0
    assert 2.5 < single.amplification <= 3
    assert sum(none.user_requests) == 1800
    assert retry_storm(outage=0.0, rate=30.0, capacity=40.0).db_attempts[:60] == [30] * 60


def test_bulkhead_simulation_isolates_search():
    shared = bulkhead_simulation(None, threads=20)
    split = bulkhead_simulation({"search": 15, "payments": 5}, threads=20)
    assert sum(shared.failed["search"][10:40]) > 1000
    assert sum(split.failed["search"]) == 0
    assert max(split.busy["payments"]) <= 5 + 1e-9


def test_shedding_simulation_goodput():
    fifo, age, prio = (shedding_simulation(p, surge=1.5) for p in ("none", "age", "priority"))
    assert sum(fifo.arrivals) == sum(age.arrivals) == sum(prio.arrivals)
    assert sum(age.late) == 0 and sum(age.goodput) > 1.8 * sum(fifo.goodput)
    assert sum(prio.goodput_by_priority[1]) == sum(prio.arrivals_by_priority[1])
    assert sum(fifo.goodput) + sum(fifo.late) == sum(fifo.arrivals)


class _FifoShedder:
    """A minimal shedder for replay_shedder: FIFO, drops nothing."""

    def __init__(self, clock):
        self.items, self.dropped = [], []

    def offer(self, request, priority=0):
        self.items.append(request)
        return True

    def next(self):
        return self.items.pop(0) if self.items else None


def test_replay_shedder_matches_the_fifo_simulation():
    replayed = replay_shedder(_FifoShedder, surge=1.5)
    simulated = shedding_simulation("none", surge=1.5)
    assert replayed.goodput == simulated.goodput and replayed.late == simulated.late

    def stub(clock):
        raise NotImplementedError

    assert replay_shedder(stub) is None


class _CountingBreaker:
    """Opens after 3 failures in a row, for 2 seconds."""

    def __init__(self, clock):
        self.clock, self.failures, self.opened = clock, 0, None

    @property
    def state(self):
        return "open" if self.opened is not None and self.clock() - self.opened < 2 else "closed"

    def call(self, fn):
        if self.state == "open":
            raise CircuitOpenError("open")
        try:
            result = fn()
        except ConnectionError:
            self.failures += 1
            if self.failures >= 3:
                self.opened, self.failures = self.clock(), 0
            raise
        self.failures = 0
        return result


def test_breaker_timeline_drives_a_breaker_on_a_fake_clock():
    timeline = breaker_timeline(_CountingBreaker, duration=10.0, rate=2.0, down=(2.0, 6.0))
    assert len(timeline.times) == 20
    assert timeline.outcomes[:4] == ["ok"] * 4
    assert timeline.outcomes[4:7] == ["failed"] * 3 and timeline.outcomes[7] == "rejected"
    assert timeline.outcomes[-1] == "ok"

    def stub(clock):
        raise NotImplementedError

    assert breaker_timeline(stub) is None


def test_exceptions_are_runtime_errors():
    assert issubclass(CircuitOpenError, RuntimeError) and issubclass(BulkheadFullError, RuntimeError)


# -- the release stubs have exactly the contract's signatures ---------------------------------------------
def _signature(fn):
    import ast

    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    return "(" + ", ".join(a.arg if d is None else f"{a.arg}={ast.unparse(d)}" for a, d in zip(positional, defaults)) + ")"


def test_release_stubs_match_the_contract():
    import ast

    from harness import RELEASE, load

    found = {}
    for cell in load("11_resilience", RELEASE).cells:
        if cell.cell_type == "code" and "NotImplementedError" in cell.source:
            for node in ast.parse(cell.source).body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    found[node.name] = node
    assert set(found) == set(CONTRACT)
    for name, expected in CONTRACT.items():
        node = found[name]
        if isinstance(expected, str):
            assert _signature(node) == expected, name
            continue
        members = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
        for member, signature in expected.items():
            if signature is not None:
                assert _signature(members[member]) == signature, f"{name}.{member}"
        doc = ast.get_docstring(node) or ""
        assert all(hint in doc for hint in ("TODO", "APPROACH", "EXAMPLE")), name
