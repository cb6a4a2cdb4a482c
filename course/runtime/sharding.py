"""Teaching helpers for 03_sharding: draw a hash ring.

    from course.runtime.sharding import draw_ring

(How much work a lookup does, counted instead of timed, is
``course.runtime.probes.lookup_work``.)
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping

RING_SIZE = 2 ** 64  # positions are 64-bit: the first 8 bytes of an MD5 digest


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
