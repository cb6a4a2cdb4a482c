"""Human-readable sizes, rates, counts and durations, in SI units.

    from course.runtime.units import KB, MB, GB, TB, PB, human_bytes, human_rate, how_far

    human_bytes(1.46e15)            # '1.46 PB'
    human_bytes(1.46e15, binary=True)  # '1.3 PiB'
    human_rate(2.91e9)              # '2.91 GB/s'
    human_bits(2.91e9)              # '23.3 Gbit/s'  (bytes per second in, bits per second out)
    human_count(28_935)             # '28.9 thousand'
    human_duration(0.15)            # '150 ms'
    how_far(125, 1000)              # '8x too low (87.5% below); a factor of 8: bits vs bytes?'

The course counts bytes the way disk makers, network links and the SI do:
1 KB = 1000 bytes, 1 MB = 10**6 bytes, ... The binary units (KiB = 1024 bytes,
MiB = 2**20, ...) have their own names; mixing the two is a classic source of
errors of 2.4 % (KB) to 12.6 % (PB).

These are teaching helpers: the graded functions of the course return plain
numbers, and these only format them.
"""
from __future__ import annotations

import math
from numbers import Real

KB, MB, GB, TB, PB, EB = (10 ** (3 * k) for k in range(1, 7))
KiB, MiB, GiB, TiB, PiB, EiB = (2 ** (10 * k) for k in range(1, 7))

_SI_PREFIXES = ["", "k", "M", "G", "T", "P", "E"]
_BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
_BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
_COUNT_WORDS = ["", " thousand", " million", " billion", " trillion", " quadrillion"]


def _is_number(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def _scaled(value: float, base: int, units: list[str], digits: int = 3) -> str:
    """``value`` in the largest unit that keeps it >= 1, with ``digits`` significant digits."""
    if not _is_number(value):
        raise TypeError(f"expected a number, got {value!r}")
    if math.isnan(value) or math.isinf(value):
        return str(value)
    sign = "-" if value < 0 else ""
    x = abs(float(value))
    k = 0
    while x >= base and k < len(units) - 1:
        x /= base
        k += 1
    x = float(f"{x:.{digits}g}")
    if x >= base and k < len(units) - 1:  # 999.96 rounds up to the next unit
        x, k = float(f"{x / base:.{digits}g}"), k + 1
    return f"{sign}{x:g}{units[k]}"


def human_bytes(n: float, binary: bool = False, digits: int = 3) -> str:
    """``1_460_000_000_000_000`` -> ``'1.46 PB'`` (``binary=True``: KiB, MiB, ...)."""
    units = [" " + u for u in (_BINARY_UNITS if binary else _BYTE_UNITS)]
    return _scaled(n, 1024 if binary else 1000, units, digits)


def human_rate(bytes_per_second: float, digits: int = 3) -> str:
    """Bytes per second: ``2.91e9`` -> ``'2.91 GB/s'``."""
    return _scaled(bytes_per_second, 1000, [f" {u}/s" for u in _BYTE_UNITS], digits)


def human_bits(bytes_per_second: float, digits: int = 3) -> str:
    """Bytes per second shown as bits per second (network links are sold in bits): ``1.25e8`` -> ``'1 Gbit/s'``."""
    return _scaled(bytes_per_second * 8, 1000, [f" {p}bit/s" for p in _SI_PREFIXES], digits)


def human_count(n: float, digits: int = 3) -> str:
    """Plain counts in words: ``28_935`` -> ``'28.9 thousand'``, ``2.5e9`` -> ``'2.5 billion'``."""
    return _scaled(n, 1000, _COUNT_WORDS, digits)


def human_qps(per_second: float, digits: int = 3) -> str:
    """A request rate: ``28_935`` -> ``'28.9 k/s'``."""
    return _scaled(per_second, 1000, [f" {p}/s" if p else "/s" for p in _SI_PREFIXES], digits)


_DURATIONS = [  # (seconds, name), smallest first
    (1e-9, "ns"), (1e-6, "µs"), (1e-3, "ms"), (1.0, "s"), (60.0, "min"), (3600.0, "h"),
    (24 * 3600.0, "days"), (365 * 24 * 3600.0, "years"),
]


def human_duration(seconds: float, digits: int = 3) -> str:
    """``0.15`` -> ``'150 ms'``, ``2e7`` -> ``'231 days'`` (a year is 365 days)."""
    if not _is_number(seconds):
        raise TypeError(f"expected a number, got {seconds!r}")
    if seconds == 0:
        return "0 s"
    x = abs(float(seconds))
    size, name = _DURATIONS[0]
    for s, n in _DURATIONS:
        if x >= s:
            size, name = s, n
    value = float(f"{x / size:.{digits}g}")
    return f"{'-' if seconds < 0 else ''}{value:g} {name}"


# Factors that explain most estimates that are off by a "clean" ratio.
_KNOWN_FACTORS = [
    (8.0, "8: bits vs bytes?"),
    (1000.0, "1000: one SI prefix (e.g. GB vs TB, or ms vs s)?"),
    (1e6, "a million: two SI prefixes?"),
    (1e9, "a billion: three SI prefixes?"),
    (1024 / 1000, "1.024: KiB vs KB (binary vs decimal units)?"),
    (2 ** 20 / 10 ** 6, "1.049: MiB vs MB (binary vs decimal units)?"),
    (2 ** 30 / 10 ** 9, "1.074: GiB vs GB (binary vs decimal units)?"),
    (2 ** 40 / 10 ** 12, "1.100: TiB vs TB (binary vs decimal units)?"),
    (100_000 / 86_400, "1.157: 100,000 s used for a day of 86,400 s?"),
    (86_400.0, "86,400: per day vs per second?"),
    (3600.0, "3600: per hour vs per second?"),
    (365.0, "365: per year vs per day?"),
    (24.0, "24: per day vs per hour?"),
    (60.0, "60: per minute vs per second (or minutes vs hours)?"),
]


def _plain(x: float) -> str:
    """3 significant digits, without exponents: 0.0123, 4.39, 1,000, 99,900."""
    rounded = float(f"{x:.3g}")
    return f"{round(rounded):,}" if rounded >= 1000 else f"{rounded:g}"


def how_far(got: float, expected: float) -> str:
    """How far an estimate is from a reference, in words (and a hint when the
    ratio is a well-known slip such as 8, 1000 or 1024/1000)::

        how_far(2_000, 1_000)   -> '2x too high (100% above)'
        how_far(125, 1_000)     -> '8x too low (87.5% below); a factor of 8: bits vs bytes?'
        how_far(1e6, 1_000)     -> '1,000x too high; a factor of 1000: one SI prefix (...)?'
    """
    if not (_is_number(got) and _is_number(expected)):
        return f"cannot compare {got!r} with {expected!r}: both must be numbers"
    if expected == 0:
        return "exact" if got == 0 else f"{got:g} where 0 was expected"
    if got == 0:
        return "0, where about " + f"{expected:.3g}" + " was expected"
    if (got < 0) != (expected < 0):
        return f"the wrong sign ({got:.3g} vs {expected:.3g})"
    ratio = got / expected
    if math.isclose(ratio, 1.0, rel_tol=1e-9):
        return "exact"
    pct = _plain(abs(ratio - 1) * 100)
    factor = ratio if ratio >= 1 else 1 / ratio
    words = f"{_plain(factor)}x too {'high' if ratio > 1 else 'low'}"
    if factor < 10:  # percentages help for near misses, not for orders of magnitude
        words += f" ({pct}% {'above' if ratio > 1 else 'below'})"
    for f, hint in _KNOWN_FACTORS:
        if math.isclose(factor, f, rel_tol=0.005 if f < 2 else 0.02):
            words += f"; a factor of {hint}"
            break
    return words


__all__ = [
    "KB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
    "human_bytes", "human_rate", "human_bits", "human_count", "human_qps", "human_duration", "how_far",
]
