"""Correct: remembers when the next change is allowed instead of when the last one happened."""
import math
import time


class Autoscaler:
    def __init__(self, min_replicas, max_replicas, target, cooldown, clock=time.monotonic, tolerance=0.1,
                 replicas=None):
        if min_replicas < 1 or max_replicas < min_replicas:
            raise ValueError("bounds")
        if target <= 0 or target > 1:
            raise ValueError("target")
        if cooldown < 0:
            raise ValueError("cooldown")
        if tolerance < 0:
            raise ValueError("tolerance")
        if replicas is None:
            replicas = min_replicas
        if replicas < min_replicas or replicas > max_replicas:
            raise ValueError("replicas out of bounds")
        self.low, self.high, self.target = min_replicas, max_replicas, target
        self.cooldown, self.clock, self.tolerance = cooldown, clock, tolerance
        self.replicas = replicas
        self.next_allowed = -math.inf

    def observe(self, utilization):
        if utilization < 0:
            raise ValueError("negative utilization")
        now = self.clock()
        if abs(utilization / self.target - 1) <= self.tolerance:
            return self.replicas
        wanted = min(self.high, max(self.low, math.ceil(self.replicas * utilization / self.target)))
        if wanted != self.replicas and now >= self.next_allowed:
            self.replicas = wanted
            self.next_allowed = now + self.cooldown
        return self.replicas
