"""Teaching helpers for the scaling-out notebook (07_scaling_out).

Grader-side fakes (the tests pass them to student code; under grading they stay
in the grader's process and student code may only call the listed methods)::

    from course.runtime.scaling_out import SeededRandom, ScriptedProbe, FakeHealth, FakeOrigin

    rng = SeededRandom(7)            # a random.Random; under grading the student's side gets
    rng.sample(range(5), 2)          # StudentRandom, which asks the grader's generator
    probe = ScriptedProbe({"b": [False, False, True]}, clock)   # health-check answers, recorded
    health = FakeHealth(["a", "b"], down={"b"})                 # a health checker the test controls
    origin = FakeOrigin({"/a": "max-age=60"})                   # an origin that counts its fetches

Simulations (seeded, no clock is read, nothing sleeps)::

    run = simulate_balancing("power of two choices", capacities=[1, 1, 2], load=0.8, skew=1.0)
    run.p99, run.busiest                         # the 99th percentile latency, the busiest queue over time
    scaling = simulate_autoscaling(controller, load_curve, boot_delay=120)
    cdn_origin_rate(rates, ttl=60, pops=20)      # origin fetches per second for a TTL cache per PoP
    usl_throughput(n, alpha, beta)               # the Universal Scalability Law

``NoHealthyBackend`` is the exception a balancer raises when it has no backend to pick.
"""
from __future__ import annotations

import bisect
import hashlib
import heapq
import math
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence


class NoHealthyBackend(RuntimeError):
    """No backend can take the request (all are down, or there are none): answer 503."""


# -- grader-side fakes ----------------------------------------------------------------------------
class SeededRandom(random.Random):
    """A seeded ``random.Random`` that tests hand to student code.

    In a student's kernel it is an ordinary ``random.Random`` (it only counts its
    ``sample`` calls). Under grading it stays in the grader's process and the
    student's process receives :class:`StudentRandom`, which forwards every draw
    here, so the picks are the same in both places and the student cannot
    reseed or replace the generator the check relies on.
    """

    __remote_methods__ = ("sample_indices", "choice_index", "random", "randrange", "uniform")
    __remote_wrapper__ = "course.runtime.scaling_out:StudentRandom"

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self.samples = 0

    def sample(self, population, k, **kwargs):
        self.samples += 1
        return super().sample(population, k, **kwargs)

    def sample_indices(self, n: int, k: int) -> list:
        """The positions ``random.Random.sample`` would pick from any sequence of length ``n``."""
        if type(n) is not int or type(k) is not int:
            raise TypeError("sample_indices(n, k) takes two ints")
        self.samples += 1
        return list(super().sample(range(n), k))

    def choice_index(self, n: int) -> int:
        """The position ``random.Random.choice`` would pick from a sequence of length ``n``."""
        if type(n) is not int or n <= 0:
            raise IndexError("Cannot choose from an empty sequence")
        return self._randbelow(n)


class StudentRandom:
    """The student's side of a :class:`SeededRandom` under grading: ``random.Random``'s usual
    draws (``sample``, ``choice``, ``randrange``, ``randint``, ``random``, ``uniform``), each
    answered by the grader's generator, exactly as ``random.Random`` would answer them."""

    def __init__(self, handle):
        self._handle = handle

    def sample(self, population, k):
        population = population if hasattr(population, "__getitem__") else list(population)
        return [population[i] for i in self._handle.sample_indices(len(population), int(k))]

    def choice(self, seq):
        return seq[self._handle.choice_index(len(seq))]

    def randrange(self, *args):
        return self._handle.randrange(*args)

    def randint(self, a, b):
        return self._handle.randrange(a, b + 1)

    def random(self):
        return self._handle.random()

    def uniform(self, a, b):
        return self._handle.uniform(a, b)

    def __repr__(self) -> str:
        return "<SeededRandom (the grader's)>"


class ScriptedProbe:
    """An active health check the test scripts: ``probe(backend) -> bool``.

    ``script`` maps a backend to the answers of its successive probes; once a
    backend's script runs out (or for a backend without one) the answer is
    ``default``. An answer may be an exception instance: the probe raises it (a
    connection refused, a timeout). Every call is recorded in ``calls`` as
    ``(clock(), backend)`` when a clock is given, else as ``backend``.
    """

    __remote_methods__ = ("__call__",)

    def __init__(self, script: dict | None = None, clock: Callable[[], float] | None = None, default: Any = True):
        self.script = {b: deque(answers) for b, answers in (script or {}).items()}
        self.clock = clock
        self.default = default
        self.calls: list = []

    def __call__(self, backend):
        self.calls.append((self.clock(), backend) if self.clock is not None else backend)
        answers = self.script.get(backend)
        answer = answers.popleft() if answers else self.default
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def count(self, backend) -> int:
        return sum(1 for c in self.calls if (c[1] if isinstance(c, tuple) else c) == backend)


class FakeHealth:
    """A health checker the test controls: ``is_healthy(backend)`` and ``healthy()``.

    ``down`` is the set of backends currently down; the test changes it between
    picks (``health.down.add("b")``). ``asks`` counts the questions asked.
    """

    __remote_methods__ = ("is_healthy", "healthy")

    def __init__(self, backends: Sequence, down: Iterable = ()):
        self.backends = list(backends)
        self.down = set(down)
        self.asks = 0

    def is_healthy(self, backend) -> bool:
        self.asks += 1
        if backend not in self.backends:
            raise KeyError(backend)
        return backend not in self.down

    def healthy(self) -> list:
        self.asks += 1
        return [b for b in self.backends if b not in self.down]


class FakeOrigin:
    """The origin behind an edge cache; it counts every fetch.

    ``pages`` maps a URL to its ``Cache-Control`` value (or ``None`` for no
    header); ``tags`` maps a URL to its ``Surrogate-Key`` value. ``fetch(url)``
    returns ``(body, headers)``: the body is ``"<url> #<n>"``, ``n`` the number
    of fetches of that URL so far, so a stale copy and a fresh one differ.
    """

    __remote_methods__ = ("fetch",)

    def __init__(self, pages: dict, tags: dict | None = None):
        self.pages = dict(pages)
        self.tags = dict(tags or {})
        self.fetches: list[str] = []

    def fetch(self, url):
        if url not in self.pages:
            raise KeyError(f"the origin has no page {url!r}")
        self.fetches.append(url)
        headers = {}
        if self.pages[url] is not None:
            headers["Cache-Control"] = self.pages[url]
        if self.tags.get(url):
            headers["Surrogate-Key"] = self.tags[url]
        return f"{url} #{self.fetches.count(url)}", headers

    def count(self, url=None) -> int:
        return len(self.fetches) if url is None else self.fetches.count(url)


# -- load balancing: a seeded simulation ---------------------------------------------------------------
ALGORITHMS = ("random", "round robin", "weighted round robin", "least connections",
              "power of two choices", "least response time", "IP hash")


@dataclass
class BalancingRun:
    """What one algorithm did to one trace of requests."""

    algorithm: str
    latencies: list[float]
    times: list[float]                 # sample times (one per request, at its arrival)
    busiest: list[int]                 # the longest queue (in-flight requests) of any server then
    served: list[int]                  # requests each server took
    p50: float = 0.0
    p99: float = 0.0
    mean: float = 0.0

    def __post_init__(self):
        if self.latencies:
            ordered = sorted(self.latencies)
            self.p50 = percentile(ordered, 50)
            self.p99 = percentile(ordered, 99)
            self.mean = sum(ordered) / len(ordered)


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q``-th percentile of sorted values (nearest rank: the smallest value with at least
    q % of the values at or below it)."""
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def capacities_for(servers: int, spread: float) -> list[float]:
    """``servers`` speeds spaced geometrically from 1 to ``spread`` (1 = identical servers)."""
    if servers == 1:
        return [1.0]
    return [spread ** (i / (servers - 1)) for i in range(servers)]


@dataclass
class Trace:
    arrivals: list[float]
    costs: list[float]
    clients: list[int]


def request_trace(total_capacity: float, load: float, skew: float, n: int = 6000, clients: int = 200,
                  seed: int = 1, mean_cost: float = 0.02) -> Trace:
    """Poisson arrivals that keep servers of ``total_capacity`` busy ``load`` of the time; each
    request costs a lognormal amount of work of mean ``mean_cost`` (seconds on a speed-1 server;
    ``skew`` is the sigma: 0 = every request costs the same); each comes from one of ``clients``
    clients with Zipf(1) popularity (a few clients send most)."""
    rng = random.Random(seed)
    rate = load * total_capacity / mean_cost
    t, arrivals, costs, who = 0.0, [], [], []
    weights = [1 / (i + 1) for i in range(clients)]
    cumulative = [0.0]
    for w in weights:
        cumulative.append(cumulative[-1] + w)
    for _ in range(n):
        t += rng.expovariate(rate)
        arrivals.append(t)
        costs.append(mean_cost * (math.exp(skew * rng.gauss(0, 1) - skew * skew / 2) if skew > 0 else 1.0))
        who.append(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]) - 1)
    return Trace(arrivals, costs, who)


def _policy(algorithm: str, capacities: Sequence[float], rng: random.Random):
    """``(pick(inflight, latency, client) -> index, name)`` for a built-in algorithm.

    Written over plain arrays for the simulation: ties in least connections and
    least response time go to a random one of the tied servers (real balancers
    rotate among ties)."""
    n = len(capacities)
    if algorithm == "random":
        return lambda inflight, ewma, client: rng.randrange(n)
    if algorithm == "round robin":
        state = {"next": 0}

        def rr(inflight, ewma, client):
            i = state["next"]
            state["next"] = (i + 1) % n
            return i
        return rr
    if algorithm == "weighted round robin":
        weights = [max(1, round(c * 10)) for c in capacities]
        current = [0] * n

        def wrr(inflight, ewma, client):
            for i in range(n):
                current[i] += weights[i]
            best = max(range(n), key=lambda i: (current[i], -i))
            current[best] -= sum(weights)
            return best
        return wrr
    if algorithm == "least connections":
        def lc(inflight, ewma, client):
            low = min(inflight)
            return rng.choice([i for i in range(n) if inflight[i] == low])
        return lc
    if algorithm == "power of two choices":
        def p2c(inflight, ewma, client):
            if n == 1:
                return 0
            i, j = rng.sample(range(n), 2)
            return j if inflight[j] < inflight[i] else i
        return p2c
    if algorithm == "least response time":
        def lrt(inflight, ewma, client):
            scores = [(inflight[i] + 1) * ewma[i] for i in range(n)]
            low = min(scores)
            return rng.choice([i for i in range(n) if scores[i] == low])
        return lrt
    if algorithm == "IP hash":
        return lambda inflight, ewma, client: int(hashlib.sha256(str(client).encode()).hexdigest(), 16) % n
    raise ValueError(f"unknown algorithm {algorithm!r}; one of {ALGORITHMS}")


def simulate_balancing(algorithm, capacities: Sequence[float], load: float = 0.8, skew: float = 1.0,
                       n: int = 6000, seed: int = 1, trace: Trace | None = None,
                       name: str | None = None) -> BalancingRun | None:
    """Replay one seeded trace through a balancer in front of FIFO servers.

    Server ``i`` works at ``capacities[i]`` units per second, one request at a
    time, in arrival order; a request of cost ``c`` takes ``c / capacities[i]``
    seconds of service plus its wait in the queue. ``algorithm`` is a name from
    :data:`ALGORITHMS`, or a zero-argument factory of an object with ``pick()``
    (and, if it counts connections, ``release(backend)``) over the backends
    ``0 .. len(capacities) - 1``: the student's balancers. Returns ``None`` if
    that object is still a stub (``NotImplementedError``).
    """
    n_servers = len(capacities)
    trace = trace or request_trace(sum(capacities), load, skew, n=n, seed=seed)
    rng = random.Random(seed + 1)
    inflight = [0] * n_servers
    mean_cost = sum(trace.costs) / len(trace.costs)
    ewma = [mean_cost / c for c in capacities]  # a prior: the mean service time
    queue_end = [0.0] * n_servers
    done: list[tuple[float, int, float]] = []  # (finish time, server, latency)
    served = [0] * n_servers
    latencies, times, busiest = [], [], []
    release = None
    if isinstance(algorithm, str):
        choose = _policy(algorithm, capacities, rng)
        label = name or algorithm
    else:
        try:
            balancer = algorithm()
            release = getattr(balancer, "release", None)
        except NotImplementedError:
            return None

        def choose(inflight_, ewma_, client_):
            return balancer.pick()
        label = name or type(balancer).__name__
    try:
        for t, cost, client in zip(trace.arrivals, trace.costs, trace.clients):
            while done and done[0][0] <= t:
                _, s, latency = heapq.heappop(done)
                inflight[s] -= 1
                ewma[s] = 0.8 * ewma[s] + 0.2 * latency
                if release is not None:
                    release(s)
            s = choose(inflight, ewma, client)
            if type(s) is not int or not 0 <= s < n_servers:
                raise ValueError(f"the balancer picked {s!r}, not a backend 0..{n_servers - 1}")
            start = max(t, queue_end[s])
            finish = start + cost / capacities[s]
            queue_end[s] = finish
            inflight[s] += 1
            served[s] += 1
            heapq.heappush(done, (finish, s, finish - t))
            latencies.append(finish - t)
            times.append(t)
            busiest.append(max(inflight))
    except NotImplementedError:
        return None
    return BalancingRun(label, latencies, times, busiest, served)


def balancing_panels(runs: Sequence[BalancingRun], title: str = "", show: Sequence[str] = ()):
    """Left: the longest queue over time for the algorithms in ``show`` (all if empty);
    right: p50 and p99 latency per algorithm, in milliseconds (log scale)."""
    import matplotlib.pyplot as plt

    from .widgets import PALETTE, apply_style

    apply_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.0), gridspec_kw={"width_ratios": [1.35, 1]})
    colors = {run.algorithm: PALETTE[i % len(PALETTE)] for i, run in enumerate(runs)}
    for run in runs:
        if show and run.algorithm not in show:
            continue
        left.plot(run.times, run.busiest, label=run.algorithm, color=colors[run.algorithm], linewidth=1)
    left.set_xlabel("time (s)")
    left.set_ylabel("longest queue (requests in flight)")
    left.set_yscale("symlog", linthresh=10)
    left.legend(fontsize=8, loc="upper left")
    names = [run.algorithm for run in runs]
    y = list(range(len(runs)))[::-1]
    right.barh(y, [run.p99 * 1000 for run in runs], color=[colors[n] for n in names], alpha=0.85, label="p99")
    right.scatter([run.p50 * 1000 for run in runs], y, color="black", zorder=3, s=14, label="p50")
    for yi, run in zip(y, runs):
        right.text(run.p99 * 1000, yi, f" {run.p99 * 1000:,.0f} ms", va="center", fontsize=8)
    right.set_yticks(y)
    right.set_yticklabels(names, fontsize=8)
    right.set_xscale("log")
    right.set_xlabel("latency (ms), log scale")
    right.legend(fontsize=8, loc="lower right")
    fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig, (left, right)


# -- health checks --------------------------------------------------------------------------------------
def detection_window(interval: float, fall: int) -> tuple[float, float]:
    """Seconds from a backend's failure to its ejection by ``fall`` consecutive failed checks
    every ``interval`` seconds: at least ``(fall - 1) x interval`` (it failed just before a
    check), at most ``fall x interval`` (just after one)."""
    return (fall - 1) * interval, fall * interval


def vrrp_master_down_interval(advert_interval: float = 1.0, priority: int = 100) -> float:
    """VRRP (RFC 5798): a backup takes over after ``3 x Advertisement_Interval + Skew_Time``,
    ``Skew_Time = ((256 - priority) x Advertisement_Interval) / 256``."""
    return 3 * advert_interval + (256 - priority) * advert_interval / 256


# -- the Universal Scalability Law ---------------------------------------------------------------------------
def usl_throughput(n: float, alpha: float, beta: float) -> float:
    """Relative capacity of ``n`` nodes (Gunther's USL): ``n / (1 + alpha (n - 1) + beta n (n - 1))``."""
    return n / (1 + alpha * (n - 1) + beta * n * (n - 1))


def usl_peak(alpha: float, beta: float) -> float:
    """The node count of highest throughput, ``sqrt((1 - alpha) / beta)`` (infinite when beta = 0)."""
    return math.inf if beta <= 0 else math.sqrt((1 - alpha) / beta)


# -- autoscaling --------------------------------------------------------------------------------------------
@dataclass
class ScalingRun:
    times: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)          # requests per second
    ready: list[int] = field(default_factory=list)           # replicas serving
    desired: list[int] = field(default_factory=list)         # the autoscaler's answer
    utilization: list[float] = field(default_factory=list)   # what the autoscaler was told
    changes: int = 0                                          # how often the answer changed


def load_curve(duration: float = 3600.0, base: float = 300.0, peak: float = 1100.0, rise_at: float = 600.0,
               fall_at: float = 2400.0, noise: float = 0.05, seed: int = 3) -> Callable[[float], float]:
    """Requests per second over time: ``base``, a step to ``peak`` at ``rise_at`` (over 5 min),
    back down from ``fall_at``; multiplied by seeded noise of +/- ``noise`` per 15 s step."""
    rng = random.Random(seed)
    steps = int(duration // 15) + 2
    factors = [1 + rng.uniform(-noise, noise) for _ in range(steps)]

    def rate(t: float) -> float:
        if t < rise_at:
            level = base
        elif t < rise_at + 300:
            level = base + (peak - base) * (t - rise_at) / 300
        elif t < fall_at:
            level = peak
        elif t < fall_at + 300:
            level = peak - (peak - base) * (t - fall_at) / 300
        else:
            level = base
        return level * factors[min(int(t // 15), steps - 1)]
    return rate


def simulate_autoscaling(make_autoscaler: Callable[[Callable[[], float]], Any], rate: Callable[[float], float],
                         capacity: float = 100.0, boot_delay: float = 120.0, period: float = 15.0,
                         duration: float = 3600.0, start: int = 3) -> ScalingRun | None:
    """Drive an autoscaler every ``period`` seconds for ``duration`` seconds.

    ``make_autoscaler(clock)`` builds it on a clock the simulation moves; each
    step it is told the average utilization of the replicas that are READY,
    ``min(1, load / (ready x capacity))`` (a replica that is still booting takes
    no traffic: the lag that makes a controller overshoot), and its answer
    ``observe(...)`` is applied: new replicas become ready ``boot_delay``
    seconds later, removed ones go at once (booting ones first). Returns
    ``None`` if the autoscaler is still a stub.
    """
    from .clocks import FakeClock

    clock = FakeClock(0.0)
    try:
        scaler = make_autoscaler(clock)
    except NotImplementedError:
        return None
    ready, booting = start, []          # booting: times they become ready
    run = ScalingRun()
    previous = None
    t = 0.0
    try:
        while t <= duration:
            clock.set(t)
            arrived = [b for b in booting if b <= t]
            booting = [b for b in booting if b > t]
            ready += len(arrived)
            load = rate(t)
            util = min(1.0, load / (max(ready, 1) * capacity)) if ready else 1.0
            want = int(scaler.observe(util))
            total = ready + len(booting)
            if want > total:
                booting += [t + boot_delay] * (want - total)
            elif want < total:
                cut = total - want
                booting.sort()
                while cut and booting:
                    booting.pop()
                    cut -= 1
                ready -= cut
            if previous is not None and want != previous:
                run.changes += 1
            previous = want
            run.times.append(t)
            run.load.append(load)
            run.ready.append(ready)
            run.desired.append(want)
            run.utilization.append(util)
            t += period
    except NotImplementedError:
        return None
    return run


# -- the CDN edge ----------------------------------------------------------------------------------------------
def zipf_rates(n_urls: int, total_rate: float, s: float = 1.0) -> list[float]:
    """Requests per second for each of ``n_urls`` URLs with Zipf(``s``) popularity, summing to ``total_rate``."""
    weights = [1 / (i + 1) ** s for i in range(n_urls)]
    total = sum(weights)
    return [total_rate * w / total for w in weights]


def ttl_fetch_rate(rate: float, ttl: float) -> float:
    """Origin fetches per second for ONE URL requested as a Poisson stream of ``rate``/s at one
    cache that keeps a copy ``ttl`` seconds: one fetch per cycle of ``ttl + 1 / rate``
    (fresh for ``ttl``, then the wait for the next request, which misses)."""
    if rate <= 0:
        return 0.0
    return rate / (1 + rate * ttl)


def cdn_origin_rate(rates: Sequence[float], ttl: float, pops: int = 1) -> float:
    """Origin fetches per second when each of ``pops`` edge locations gets ``1/pops`` of the traffic
    (each URL's Poisson stream split at random, which keeps each part Poisson) and caches every URL
    for ``ttl`` seconds. ``pops=1`` is one cache that sees everything: also the most a shield (one
    cache between the PoPs and the origin, with the same TTL) lets through."""
    return sum(ttl_fetch_rate(r / pops, ttl) * pops for r in rates)


def simulate_ttl_cache(rates: Sequence[float], ttl: float, duration: float, seed: int = 5,
                       warmup: float = 0.0) -> int:
    """Count the origin fetches of one TTL cache, empty at time 0, over ``duration`` seconds of
    Poisson requests; fetches before ``warmup`` are not counted (the cache is filling up)."""
    rng = random.Random(seed)
    fetches = 0
    for rate in rates:
        if rate <= 0:
            continue
        t, expires = rng.expovariate(rate), -1.0
        while t < duration:
            if t >= expires:
                fetches += t >= warmup
                expires = t + ttl
            t += rng.expovariate(rate)
    return fetches


# -- DNS -----------------------------------------------------------------------------------------------------------
def stale_fraction(t: float, ttl: float, ignore_fraction: float = 0.0, ignore_for: float = 1800.0) -> float:
    """Fraction of clients still using the OLD address ``t`` seconds after a DNS change.

    A client that honours the TTL last resolved at a uniformly random moment of
    its cache period, so it refreshes within ``ttl`` (the fraction left is
    ``1 - t/ttl``); ``ignore_fraction`` of clients keep answers for ``ignore_for``
    seconds whatever the TTL (stub resolvers, runtimes and apps that cache
    longer)."""
    honour = max(0.0, 1 - t / ttl) if ttl > 0 else 0.0
    ignore = max(0.0, 1 - t / ignore_for) if ignore_for > 0 else 0.0
    return (1 - ignore_fraction) * honour + ignore_fraction * ignore


def scaling_panels(rows, capacity: float, target: float, title: str = ""):
    """One panel per ``(label, ScalingRun or None)``: replicas ready (solid) and asked for
    (dashed), against the replicas the load needs at the target utilization (grey)."""
    import matplotlib.pyplot as plt

    from .widgets import apply_style

    apply_style()
    fig, axes = plt.subplots(len(rows), 1, sharex=True, figsize=(7.5, 1.9 * len(rows) + 0.8))
    axes = list(axes) if len(rows) > 1 else [axes]
    for ax, (label, run) in zip(axes, rows):
        ax.set_ylabel("replicas")
        if run is None:
            ax.text(0.5, 0.5, f"{label}: implement the Autoscaler above,\nthen run this cell again.",
                    ha="center", va="center", transform=ax.transAxes)
            continue
        minutes = [t / 60 for t in run.times]
        needed = [load / (capacity * target) for load in run.load]
        ax.plot(minutes, needed, color="#7f7f7f", linewidth=1, label="needed at the target")
        ax.step(minutes, run.desired, where="post", linestyle="--", color="#ff7f0e", label="asked for")
        ax.step(minutes, run.ready, where="post", color="#1f77b4", label="ready")
        saturated = sum(1 for u in run.utilization if u >= 0.999) * (run.times[1] - run.times[0]) / 60
        ax.set_title(f"{label}: {run.changes} changes, at most {max(run.desired)} replicas, "
                     f"{saturated:.1f} min at 100 % utilization", fontsize=9, loc="left")
        ax.legend(fontsize=7, loc="upper right")
    axes[-1].set_xlabel("time (minutes)")
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig, axes
