"""Teaching helpers for the rate-limiting notebook (04_rate_limiting).

Traces and charts::

    from course.runtime.rate_limiting import bursty_trace, replay, plot_decisions, max_in_any_window

    times = bursty_trace(duration=60, base_rate=3, burst_size=40, seed=1)
    decisions = replay(lambda clock: TokenBucket(20, 4, clock=clock), times)
    fig, ax = new_axes("Token bucket", "time (s)", "requests per second")
    plot_decisions(ax, times, decisions)
    max_in_any_window(times, decisions, window=5.0)    # the most allowed in any 5-second span

``replay`` drives any limiter with ``allow()`` through the trace on a
``FakeClock``, so a minute of traffic replays in milliseconds. It returns
``None`` while the limiter is still a stub (``NotImplementedError``), so the
charts of a fresh notebook say "implement it first" instead of failing.

(The generic Redis probes, ``ttls``, ``race``, ``admitted``, ``trace_text``, live in
``course.runtime.probes``.)

Everything here is deterministic: traces take a seed, nothing reads a real clock.
"""
from __future__ import annotations

import bisect
import math
import random
from typing import Callable, Sequence

from .clocks import FakeClock

ALLOWED_COLOR = "#2ca02c"
REJECTED_COLOR = "#d62728"


# -- traffic -------------------------------------------------------------------------------
def bursty_trace(duration: float = 60.0, base_rate: float = 3.0, burst_size: int = 40,
                 burst_every: float = 20.0, burst_width: float = 1.0, first_burst: float | None = None,
                 seed: int = 1) -> list[float]:
    """Request times (seconds, sorted) in ``[0, duration)``.

    A steady Poisson background of ``base_rate`` requests per second, plus a
    burst of ``burst_size`` requests spread uniformly over ``burst_width``
    seconds every ``burst_every`` seconds, the first one starting at
    ``first_burst`` (default ``burst_every / 2``). Seeded: the same arguments
    give the same trace.
    """
    rng = random.Random(seed)
    times: list[float] = []
    if base_rate > 0:
        t = rng.expovariate(base_rate)
        while t < duration:
            times.append(t)
            t += rng.expovariate(base_rate)
    start = burst_every / 2 if first_burst is None else first_burst
    while burst_size > 0 and start < duration:
        times.extend(start + rng.random() * burst_width for _ in range(int(burst_size)))
        start += burst_every
    return sorted(t for t in times if 0 <= t < duration)


def boundary_bursts(limit: int, window: float, boundary: float, spread: float = 0.5) -> list[float]:
    """``limit`` requests evenly in the ``spread`` seconds before ``boundary``, and ``limit`` after it."""
    step = spread / limit
    before = [boundary - spread + step * (i + 0.5) for i in range(limit)]
    after = [boundary + step * (i + 0.5) for i in range(limit)]
    return before + after


# -- replaying a limiter ----------------------------------------------------------------------
def replay(make_limiter: Callable[[FakeClock], object], times: Sequence[float],
           call: Callable[[object], bool] | None = None) -> list[bool] | None:
    """Decisions of a fresh limiter for each request time (``None`` if it is a stub).

    ``make_limiter(clock)`` builds the limiter on a ``FakeClock``; ``call``
    (default ``limiter.allow()``) makes one decision.
    """
    clock = FakeClock(times[0] if times else 0.0)
    try:
        limiter = make_limiter(clock)
        decide = call or (lambda lim: lim.allow())
        decisions = []
        for t in times:
            clock.set(t)
            decisions.append(bool(decide(limiter)))
        return decisions
    except NotImplementedError:
        return None


def max_in_any_window(times: Sequence[float], decisions: Sequence[bool], window: float) -> int:
    """The most ALLOWED requests in any span ``(t - window, t]`` (a sliding window over the trace)."""
    allowed = sorted(t for t, ok in zip(times, decisions) if ok)
    best = 0
    for i, t in enumerate(allowed):
        first = bisect.bisect_right(allowed, t - window)   # first time > t - window
        best = max(best, i + 1 - first)
    return best


def per_bin(times: Sequence[float], decisions: Sequence[bool], bin_width: float, duration: float):
    """``(bin_starts, allowed_counts, rejected_counts)`` over ``[0, duration)``."""
    n = max(1, math.ceil(duration / bin_width))
    allowed, rejected = [0] * n, [0] * n
    for t, ok in zip(times, decisions):
        i = min(n - 1, int(t // bin_width))
        (allowed if ok else rejected)[i] += 1
    return [i * bin_width for i in range(n)], allowed, rejected


# -- charts -----------------------------------------------------------------------------------
def plot_decisions(ax, times: Sequence[float], decisions: Sequence[bool] | None, bin_width: float = 1.0,
                   duration: float | None = None, name: str = "the limiter", legend: bool = True) -> None:
    """Stacked bars per bin: allowed (green) under rejected (red)."""
    duration = duration if duration is not None else (math.ceil(max(times)) if times else 1.0)
    ax.set_xlim(0, duration)
    if decisions is None:
        ax.text(0.5, 0.5, f"Implement {name} above,\nthen run this cell again.",
                ha="center", va="center", transform=ax.transAxes, fontsize=11)
        return
    starts, allowed, rejected = per_bin(times, decisions, bin_width, duration)
    edges = starts + [starts[-1] + bin_width]
    total = [a + r for a, r in zip(allowed, rejected)]
    # stairs: one artist per series (bars would be one patch per bin, slow to draw)
    ax.stairs(allowed, edges, fill=True, color=ALLOWED_COLOR, label="allowed")
    ax.stairs(total, edges, baseline=allowed, fill=True, color=REJECTED_COLOR, alpha=0.7,
              label="rejected (429)")
    if legend:
        ax.legend(loc="upper right", title=f"{sum(decisions)} of {len(decisions)} allowed", fontsize=8)


def limiter_panels(rows, times: Sequence[float], duration: float, window: float, limit: int,
                   title: str = "", bin_width: float = 1.0):
    """One stacked-bar panel per ``(name, decisions)`` row, sharing the time axis.

    Each panel's label says how many requests it allowed and the most it allowed
    in any ``window``-second span, next to ``limit``.
    """
    import matplotlib.pyplot as plt

    from .widgets import apply_style

    apply_style()
    fig, axes = plt.subplots(len(rows), 1, sharex=True, figsize=(7.5, max(2.9, 1.55 * len(rows) + 0.6)))
    axes = list(axes) if len(rows) > 1 else [axes]
    for ax, (name, decisions) in zip(axes, rows):
        plot_decisions(ax, times, decisions, bin_width=bin_width, duration=duration, name=name, legend=False)
        if decisions is None:
            ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
            continue
        worst = max_in_any_window(times, decisions, window)
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
        ax.text(1.0, 1.0, f"{sum(decisions)}/{len(decisions)} allowed; max in any {window:g} s: {worst}"
                          f"{'  > limit ' + str(limit) if worst > limit else ''}",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                color=REJECTED_COLOR if worst > limit else "black")
    axes[0].set_title(title, pad=16)
    axes[-1].set_xlabel(f"time (s); requests per {bin_width:g} s: green allowed, red rejected")
    fig.subplots_adjust(left=0.17, right=0.98, top=1 - 0.5 / fig.get_figheight(),
                        bottom=0.5 / fig.get_figheight(), hspace=0.45)
    return fig, axes
