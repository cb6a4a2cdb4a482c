"""Correct: floor shares, then heapq.nlargest on (remainder, -position)."""
import heapq
import math
from fractions import Fraction


def time_budget(total_minutes, weights):
    if type(total_minutes) is not int or total_minutes <= 0:
        raise ValueError("bad total")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("bad weights")
    total_weight = sum(map(Fraction, weights.values()))
    exact = [(name, total_minutes * Fraction(w) / total_weight) for name, w in weights.items()]
    minutes = {name: math.floor(share) for name, share in exact}
    spare = total_minutes - sum(minutes.values())
    best = heapq.nlargest(spare, ((share - math.floor(share), -i, name) for i, (name, share) in enumerate(exact)))
    for _, _, name in best:
        minutes[name] += 1
    return minutes
