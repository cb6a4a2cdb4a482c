# fails: test-time-budget-edges :: float weights work
# fails: test-time-budget-edges :: tied remainders are compared exactly, not in floating point
# fails: test-time-budget-examples :: largest remainders win the spare minutes
"""Wrong: spare minutes go to the heaviest phases, not the largest remainders."""
from fractions import Fraction


def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0:
        raise ValueError("bad total")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad weights")
    total = sum(Fraction(w) for w in weights.values())
    minutes = {p: int(total_minutes * Fraction(w) / total) for p, w in weights.items()}
    spare = total_minutes - sum(minutes.values())
    heaviest = sorted(enumerate(weights), key=lambda item: (-weights[item[1]], item[0]))
    for _, p in heaviest[:spare]:
        minutes[p] += 1
    return minutes
