"""Teaching helpers for 03_sharding: draw a hash ring, and measure how much work a lookup does.

    from course.runtime.sharding import draw_ring, lookup_work

``lookup_work`` is how the notebook (and its tests) tell a binary search from a
scan or a sort without a stopwatch: it counts, instead of timing, so the answer
is the same on an idle laptop and on a loaded grading server.
"""
from __future__ import annotations

import math
import sys
import tracemalloc
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

RING_SIZE = 2 ** 64  # positions are 64-bit: the first 8 bytes of an MD5 digest


@dataclass
class Work:
    """What ``calls`` lookups cost, in units that do not depend on the machine's load."""

    calls: int
    bytecodes: int      # Python bytecode instructions executed (all frames, the lookup's own included)
    big_sorts: int      # list.sort() calls on lists of at least ``big`` items
    sorted_calls: int   # sorted() calls (of any size: the probe cannot see the argument)
    min_peak_bytes: int  # the smallest, over the calls, of the memory one call allocated at its peak

    @property
    def bytecodes_per_call(self) -> float:
        return self.bytecodes / max(self.calls, 1)


def lookup_work(lookup: Callable[[Any], Any], keys: Sequence[Any], big: int = 1000) -> Work:
    """Run ``lookup(key)`` for each key four times over (a warm-up, then three counts): no stopwatch.

    - bytecodes: every Python instruction run inside the lookups (``sys.settrace``
      with opcode events). A scan written in Python runs a few per element; C code
      (``bisect``, ``hashlib``) runs none.
    - big_sorts: ``list.sort`` calls on lists of ``big`` items or more (``sys.setprofile``);
      sorted_calls: calls of the builtin ``sorted`` (whose argument the profiler cannot see).
    - min_peak_bytes: ``tracemalloc`` peak above the starting level, the smallest
      over all calls (another thread would have to allocate during every call to inflate it). Copying or
      ``sorted()``-ing a ring of n positions costs at least 8 n bytes.
    """
    counter = {"ops": 0, "sorts": 0, "sorted": 0}

    def local(frame, event, arg):
        if event == "opcode":
            counter["ops"] += 1
        return local

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return local

    def profiler(frame, event, arg):
        if event != "c_call":
            return
        if arg is sorted:
            counter["sorted"] += 1
        elif getattr(arg, "__name__", "") == "sort":
            owner = getattr(arg, "__self__", None)
            if isinstance(owner, list) and len(owner) >= big:
                counter["sorts"] += 1

    keys = list(keys)
    for key in keys:  # warm up: a ring may build its index lazily on the first lookup after a change
        lookup(key)
    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(tracer)
    try:
        for key in keys:
            lookup(key)
    finally:
        sys.settrace(old_trace)
    sys.setprofile(profiler)
    try:
        for key in keys:
            lookup(key)
    finally:
        sys.setprofile(old_profile)

    started_here = not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    peaks = []
    try:
        for key in keys:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            lookup(key)
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        if started_here:
            tracemalloc.stop()
    return Work(len(keys), counter["ops"], counter["sorts"], counter["sorted"], min(peaks) if peaks else 0)


def draw_ring(ax, vnode_positions: Mapping[str, Iterable[int]], key_positions: Mapping[str, int] = None,
              owners: Mapping[str, str] = None, colors: Mapping[str, str] = None, radius: float = 1.0):
    """Draw a ring on ``ax``: virtual nodes as coloured ticks, keys as dots joined to their owner.

    ``vnode_positions``: node -> its positions; ``key_positions``: key -> position;
    ``owners``: key -> owning node (colours the key). Position 0 is at the top, and
    positions grow clockwise, as the lookup walks.
    """
    from course.runtime.widgets import PALETTE

    colors = dict(colors or {})
    for i, node in enumerate(vnode_positions):
        colors.setdefault(node, PALETTE[i % len(PALETTE)])

    def xy(pos, r):
        angle = math.pi / 2 - 2 * math.pi * pos / RING_SIZE
        return r * math.cos(angle), r * math.sin(angle)

    from matplotlib.collections import LineCollection

    t = [2 * math.pi * i / 360 for i in range(361)]
    ax.plot([radius * math.cos(a) for a in t], [radius * math.sin(a) for a in t], color="#bbbbbb", lw=1, zorder=1)
    for node, positions in vnode_positions.items():
        ticks = [[xy(pos, radius * 0.9), xy(pos, radius * 1.1)] for pos in positions]
        ax.add_collection(LineCollection(ticks, colors=colors[node], linewidths=2.5, zorder=3, label=node))
    keys = list((key_positions or {}).items())
    if keys:
        points = [xy(pos, radius) for _, pos in keys]
        ax.scatter([x for x, _ in points], [y for _, y in points], s=18, zorder=4, edgecolors="black",
                   linewidths=0.5, c=[colors.get((owners or {}).get(key), "black") for key, _ in keys])
    ax.set_aspect("equal")
    ax.set_xlim(-1.45 * radius, 1.45 * radius)
    ax.set_ylim(-1.25 * radius, 1.25 * radius)
    ax.axis("off")
    ax.text(0, 1.17 * radius, "0 / 2^64", ha="center", fontsize=8, color="#666666")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
