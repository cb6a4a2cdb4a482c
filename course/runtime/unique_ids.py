"""Teaching helpers for the unique-IDs notebook: bit-layout diagrams and a UUIDv7 built by hand.

    from course.runtime.unique_ids import draw_bit_layout, uuid7_from

    fig, ax = new_axes("Snowflake", "bit", "")
    draw_bit_layout(ax, [("unused", 1), ("timestamp", 41), ("machine", 10), ("sequence", 12)])
"""
from __future__ import annotations

import uuid
from typing import Sequence


GREY = "#d9d9d9"


def draw_bit_layout(ax, fields: Sequence[tuple[str, int]], y: float = 0.0, height: float = 0.8,
                    total_bits: int | None = None, label: str | None = None) -> None:
    """Draw one row of bit fields, most significant bit on the left.

    ``fields`` are ``(name, bits)`` pairs from the top bit down; a field named
    "unused" is drawn grey. The x axis counts bit positions (63 on the left for
    64 bits). ``label`` is written left of the row.
    """
    from .widgets import PALETTE      # (here: importing the module must not load matplotlib, grading never draws)

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


# -- the URL shortener's error, shared by the notebook and its tests ----------------------------------
class AliasTakenError(Exception):
    """create(..., alias=...) found the alias already in use.

    It lives here, not in the notebook, so that under grading an error raised by
    the student's code is recognised as this very class by the grader's tests.
    """


# -- a race only visible from inside the student's process ---------------------------------------------
from .probes import in_student, wait_unless_blocked  # noqa: E402


@in_student
def race_in_assembly(make_generator, machine_id: int, now_ms: int, pause: float = 0.5) -> dict:
    """Pause thread A *after* its clock read, while it computes ``ms - epoch_ms``, until
    thread B has made a whole ``next_id()`` call (or is seen locked out, or ``pause`` seconds
    pass: see :func:`~course.runtime.probes.wait_unless_blocked`).

    A generator that holds its lock only around the clock read lets B build its
    id from the same state as A. The pause is an ``int`` subclass returned to A
    by the clock, so it has to run where the generator runs: in the student's
    process (under grading this result is the student's to forge: see the README).
    Returns ``{"before": [3 ids], "a": id, "b": id, "later": id}`` or an
    ``"a_error"`` / ``"b_error"`` / ``"stuck"`` entry.
    """
    return _clock_race(make_generator, machine_id, now_ms, fill=3, pause_on=0, after=now_ms, pause=pause)


# -- many ids without a round trip per clock read ---------------------------------------------------------
class ScriptedMillisClock:
    """Integer milliseconds for :func:`snowflake_script`: the readings in ``script`` first, one per
    read, then ``now``. If one ``next_id()`` call reads ``now`` more than 10,000 times in a row (a
    generator waiting for a millisecond the script never gives), the clock moves on by 1 ms by
    itself, so a wrong wait ends instead of hanging."""

    def __init__(self, now: int):
        self.now, self.script, self.streak = int(now), [], 0

    def __call__(self) -> int:
        if self.script:
            return self.script.pop(0)
        self.streak += 1
        if self.streak > 10_000:
            self.now, self.streak = self.now + 1, 0
        return self.now


@in_student
def snowflake_script(make_generator, machine_id: int, start_ms: int, steps: list) -> list:
    """Build ``make_generator(machine_id, clock_ms=clock)`` on a :class:`ScriptedMillisClock`
    starting at ``start_ms`` and play ``steps``, returning the ids of every ``("ids", n)`` step
    as one list per step. Steps: ``("ids", n)`` makes n ids; ``("now", ms)`` sets the clock;
    ``("script", [ms, ...])`` queues readings to return first.

    Filling a millisecond takes 4,096 clock reads: run where the generator runs (the student's
    process), they cost no round trip each. The clock is local to that process (the student's
    to forge, like any probe: see the README); the grader checks the ids that come back.
    """
    clock = ScriptedMillisClock(start_ms)
    gen = make_generator(machine_id, clock_ms=clock)
    out: list = []
    for step, value in steps:
        if step == "now":
            clock.now = int(value)
        elif step == "script":
            clock.script.extend(int(v) for v in value)
        elif step == "ids":
            ids = []
            for _ in range(int(value)):
                clock.streak = 0
                ids.append(gen.next_id())
            out.append(ids)
        else:
            raise ValueError(f"unknown step {step!r}")
    return out


RACE_READS = 100_000   # clock reads in one next_id() call of a race: a wait that never ends


def _endless(reads: int) -> None:
    """End a next_id() call of a race that keeps reading the clock (a wait for a millisecond that
    has long come, or for one the race's clock never gives), instead of letting it spin until the
    check's time runs out."""
    if reads > RACE_READS:
        raise RuntimeError(f"next_id() read the clock {RACE_READS:,} times in one call: a wait for the next "
                           "millisecond that never ends?")


def _clock_race(make_generator, machine_id: int, now_ms: int, fill: int, pause_on: int, after: int,
                pause: float) -> dict:
    """Make ``fill`` ids at ``now_ms``, then race two threads: A reads ``now_ms`` until its
    ``pause_on``-th clock read, pauses there until thread B has made a whole ``next_id()`` call
    (or is seen locked out, or ``pause`` seconds pass), then reads ``after``, ``after + 1``, ...;
    B reads ``after``, ``after + 1``, ... (so every wait for a later millisecond ends).

    ``pause_on=0``: A pauses after its read instead, the first time it subtracts from the
    reading (``ms - epoch_ms``): every read of A's returns ``now_ms`` as an ``int`` subclass
    whose subtraction pauses. Every thread's reads are capped (:func:`_endless`)."""
    import threading

    paused, b_done = threading.Event(), threading.Event()
    state = {"ms": now_ms, "a": None, "b": None, "b_thread": None, "a_reads": 0, "b_reads": 0, "main_reads": 0}

    def pause_a():
        paused.set()
        wait_unless_blocked(b_done, lambda: state["b_thread"], pause, progress=lambda: state["b_reads"])

    class PausingMs(int):
        def __sub__(self, other):
            if threading.get_ident() == state["a"] and not paused.is_set():
                pause_a()
            return int(self) - int(other)

    def clock():
        me = threading.get_ident()
        if me == state["a"]:
            state["a_reads"] += 1
            _endless(state["a_reads"])
            if pause_on == 0:
                return PausingMs(now_ms)
            if state["a_reads"] < pause_on:
                return now_ms
            if state["a_reads"] == pause_on and not paused.is_set():
                pause_a()
            return after + (state["a_reads"] - pause_on)
        if me == state["b"]:
            state["b_reads"] += 1
            _endless(state["b_reads"])
            return after + state["b_reads"] - 1
        state["main_reads"] += 1
        _endless(state["main_reads"])
        return state["ms"]

    gen = make_generator(machine_id, clock_ms=clock)
    out: dict = {"before": []}
    for _ in range(fill):
        state["main_reads"] = 0
        out["before"].append(gen.next_id())

    def run(who):
        try:
            state[who] = threading.get_ident()
            out[who] = gen.next_id()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            out[f"{who}_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            if who == "a":
                state["a"] = -1           # thread ids can be reused once a thread ends
            else:
                b_done.set()

    ta = threading.Thread(target=run, args=("a",), daemon=True)
    ta.start()
    for _ in range(300):                  # until A is paused (or done): 3 s at most
        if paused.wait(0.01) or not ta.is_alive():
            break
    tb = state["b_thread"] = threading.Thread(target=run, args=("b",), daemon=True)
    tb.start()
    tb.join(5)
    ta.join(5)
    if ta.is_alive() or tb.is_alive():
        out["stuck"] = True
        return out
    state["ms"] = now_ms + 1000
    out["later"] = gen.next_id()
    return out


@in_student
def race_in_first_read(make_generator, machine_id: int, now_ms: int, pause: float = 0.5) -> dict:
    """Make 3 ids at ``now_ms``, then pause thread A inside its first clock read until thread B
    has made a whole ``next_id()`` call (or is seen locked out, or ``pause`` seconds pass). Both
    then read ``now_ms``, ``now_ms + 1``, ...: a generator that reads the clock outside its lock
    lets both threads build an id from the same (millisecond, sequence).
    Returns ``{"before": [3 ids], "a": id, "b": id, "later": id}`` or an ``"a_error"`` /
    ``"b_error"`` / ``"stuck"`` entry (the result is the student's to forge: see the README).
    """
    return _clock_race(make_generator, machine_id, now_ms, fill=3, pause_on=1, after=now_ms, pause=pause)


@in_student
def race_in_overflow(make_generator, machine_id: int, now_ms: int, pause: float = 0.5) -> dict:
    """Fill millisecond ``now_ms`` (4,096 ids), then pause thread A inside its wait for the next
    millisecond (its second clock read) until thread B has made a whole ``next_id()`` call (or
    is seen locked out, or ``pause`` seconds pass: B locked out is right).

    The clock: the main thread reads ``now_ms``; thread A reads ``now_ms`` once, pauses on its
    second read, then reads ``now_ms + 1``, ``+ 2``, ...; thread B reads ``now_ms + 1``, ``+ 2``,
    ... (so every wait ends). The 4,096 reads of the fill happen here, in the student's process,
    not one round trip each (the result is the student's to forge: see the README).
    Returns ``{"before": [4096 ids], "a": id, "b": id, "later": id}`` or an ``"a_error"`` /
    ``"b_error"`` / ``"stuck"`` entry.
    """
    return _clock_race(make_generator, machine_id, now_ms, fill=4096, pause_on=2, after=now_ms + 1, pause=pause)
