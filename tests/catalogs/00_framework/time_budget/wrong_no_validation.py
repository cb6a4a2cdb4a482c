# fails: test-time-budget-edges :: a total that is not an int, or a small negative weight, raises ValueError
# fails: test-time-budget-edges :: a negative weight raises ValueError
# fails: test-time-budget-edges :: non-positive totals and all-zero weights raise ValueError
"""Wrong: right arithmetic, but never raises ValueError."""
from fractions import Fraction


def time_budget(total_minutes, weights):
    total = sum(Fraction(w) for w in weights.values()) or 1
    exact = {p: total_minutes * Fraction(w) / total for p, w in weights.items()}
    minutes = {p: int(s) for p, s in exact.items()}
    spare = max(0, total_minutes - sum(minutes.values()))
    order = sorted(enumerate(exact), key=lambda item: (-(exact[item[1]] - minutes[item[1]]), item[0]))
    for _, p in order[:spare]:
        minutes[p] += 1
    return minutes
