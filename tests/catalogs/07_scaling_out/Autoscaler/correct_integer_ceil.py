"""Correct: the ceiling with a Fraction (exact for any float input), and a flag for "changed yet"."""
import time
from fractions import Fraction


class Autoscaler:
    def __init__(self, min_replicas, max_replicas, target, cooldown, clock=time.monotonic, tolerance=0.1,
                 replicas=None):
        start = min_replicas if replicas is None else replicas
        ok = (1 <= min_replicas <= start <= max_replicas and 0 < target <= 1 and cooldown >= 0 and tolerance >= 0)
        if not ok:
            raise ValueError("invalid autoscaler settings")
        self.min_replicas, self.max_replicas = min_replicas, max_replicas
        self.target, self.cooldown, self.tolerance = target, cooldown, tolerance
        self.clock = clock
        self.replicas = start
        self.changed_at = None

    def observe(self, utilization):
        if utilization < 0:
            raise ValueError("utilization must be >= 0")
        now = self.clock()
        ratio = Fraction(utilization) / Fraction(self.target)
        if abs(ratio - 1) <= Fraction(self.tolerance):
            return self.replicas
        desired = -(-(self.replicas * ratio.numerator) // ratio.denominator)     # exact ceiling
        desired = int(max(self.min_replicas, min(self.max_replicas, desired)))
        if desired == self.replicas:
            return self.replicas
        if self.changed_at is not None and now - self.changed_at < self.cooldown:
            return self.replicas
        self.replicas, self.changed_at = desired, now
        return self.replicas
