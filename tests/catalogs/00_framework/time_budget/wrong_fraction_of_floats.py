# fails: test-time-budget-edges :: float weights work
"""Wrong: Fraction(total * weight, sum) as the old hint said: exact for ints, TypeError for floats."""
from fractions import Fraction


def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0:
        raise ValueError("bad total")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad weights")
    total = sum(weights.values())
    exact = {p: Fraction(total_minutes * w, total) for p, w in weights.items()}
    minutes = {p: int(x) for p, x in exact.items()}
    spare = total_minutes - sum(minutes.values())
    order = sorted(enumerate(exact), key=lambda item: (-(exact[item[1]] - minutes[item[1]]), item[0]))
    for _, p in order[:spare]:
        minutes[p] += 1
    return minutes
