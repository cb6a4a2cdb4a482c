"""Correct: scale weights to integers over a common denominator and use divmod."""
from fractions import Fraction
from math import lcm


def time_budget(total_minutes, weights):
    if isinstance(total_minutes, bool) or not isinstance(total_minutes, int) or total_minutes < 1:
        raise ValueError("total_minutes must be a positive int")
    fractions = [Fraction(w) for w in weights.values()]
    if any(f < 0 for f in fractions) or not any(f > 0 for f in fractions):
        raise ValueError("weights must be >= 0 with at least one > 0")
    denominator = lcm(*(f.denominator for f in fractions))
    ints = [int(f * denominator) for f in fractions]
    total = sum(ints)
    parts = [divmod(total_minutes * w, total) for w in ints]
    result = [q for q, _ in parts]
    spare = total_minutes - sum(result)
    ranked = sorted(range(len(parts)), key=lambda i: (-parts[i][1], i))
    for i in ranked[:spare]:
        result[i] += 1
    return dict(zip(weights, result))
