# fails: test-time-budget-edges :: tied remainders are compared exactly, not in floating point
"""Wrong: the largest-remainder method in floating point: a tie of 1/3s can break the wrong way."""
import math


def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0:
        raise ValueError("bad total")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad weights")
    total = sum(weights.values())
    shares = {p: total_minutes * w / total for p, w in weights.items()}
    minutes = {p: math.floor(x) for p, x in shares.items()}
    spare = total_minutes - sum(minutes.values())
    order = sorted(enumerate(shares), key=lambda item: (-(shares[item[1]] - minutes[item[1]]), item[0]))
    for _, p in order[:spare]:
        minutes[p] += 1
    return minutes
