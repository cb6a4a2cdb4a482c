"""Teaching helpers for the unique-IDs notebook: bit-layout diagrams and a UUIDv7 built by hand.

    from course.runtime.unique_ids import draw_bit_layout, uuid7_from

    fig, ax = new_axes("Snowflake", "bit", "")
    draw_bit_layout(ax, [("unused", 1), ("timestamp", 41), ("machine", 10), ("sequence", 12)])
"""
from __future__ import annotations

import uuid
from typing import Sequence

from .widgets import PALETTE

GREY = "#d9d9d9"


def draw_bit_layout(ax, fields: Sequence[tuple[str, int]], y: float = 0.0, height: float = 0.8,
                    total_bits: int | None = None, label: str | None = None) -> None:
    """Draw one row of bit fields, most significant bit on the left.

    ``fields`` are ``(name, bits)`` pairs from the top bit down; a field named
    "unused" is drawn grey. The x axis counts bit positions (63 on the left for
    64 bits). ``label`` is written left of the row.
    """
    total = total_bits if total_bits is not None else sum(bits for _, bits in fields)
    top = total  # left edge of the next field, in bit positions (x = total - position)
    colour = 0
    for name, bits in fields:
        if bits <= 0:
            continue
        left = total - top
        face = GREY if name == "unused" else PALETTE[colour % len(PALETTE)]
        if name != "unused":
            colour += 1
        ax.add_patch(_rectangle((left, y), bits, height, face))
        text = f"{name}\n{bits} bit{'s' if bits != 1 else ''}" if bits >= 6 else f"{bits}"
        ax.text(left + bits / 2, y + height / 2, text, ha="center", va="center", fontsize=8,
                color="black" if name == "unused" else "white", fontweight="bold")
        top -= bits
    if label:
        ax.text(-1, y + height / 2, label, ha="right", va="center", fontsize=9)
    ax.set_xlim(-0.5, total + 0.5)
    ticks = [0, total // 4, total // 2, 3 * total // 4, total - 1]
    ax.set_xticks([total - 1 - t + 0.5 for t in ticks])
    ax.set_xticklabels([str(t) for t in ticks])
    ax.set_yticks([])
    ax.grid(False)


def _rectangle(xy, width, height, face):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=face, edgecolor="white", linewidth=1.5)


def uuid7_from(unix_ms: int, rand74: int) -> uuid.UUID:
    """A version-7 UUID (RFC 9562, section 5.7) from a millisecond time and 74 random bits.

    Layout, from the top bit down: 48 bits unix_ts_ms | 4 bits version (0111) |
    12 bits rand_a | 2 bits variant (10) | 62 bits rand_b.
    """
    if not 0 <= unix_ms < 1 << 48:
        raise ValueError("unix_ms must fit in 48 bits")
    rand_a = (rand74 >> 62) & 0xFFF
    rand_b = rand74 & ((1 << 62) - 1)
    value = (unix_ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)
