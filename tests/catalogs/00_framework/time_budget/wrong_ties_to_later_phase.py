# fails: test-time-budget-edges :: tied remainders are compared exactly, not in floating point
# fails: test-time-budget-edges :: a tie in remainders goes to the earlier phase
# fails: test-time-budget-examples :: three equal phases of 10 minutes: 4, 3, 3
"""Wrong: a tie in remainders goes to the later phase."""
from fractions import Fraction


def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0:
        raise ValueError("bad total")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad weights")
    total = sum(Fraction(w) for w in weights.values())
    exact = {p: total_minutes * Fraction(w) / total for p, w in weights.items()}
    minutes = {p: int(s) for p, s in exact.items()}
    spare = total_minutes - sum(minutes.values())
    order = sorted(enumerate(exact), key=lambda item: (-(exact[item[1]] - minutes[item[1]]), -item[0]))
    for _, p in order[:spare]:
        minutes[p] += 1
    return minutes
