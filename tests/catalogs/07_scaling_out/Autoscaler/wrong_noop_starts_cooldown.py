# fails: test-autoscaler-cooldown :: a decision that changes nothing starts no cooldown
"""Wrong: every observation restarts the cooldown, even one that changes nothing."""
import math
import time


class Autoscaler:
    def __init__(self, min_replicas, max_replicas, target, cooldown, clock=time.monotonic, tolerance=0.1,
                 replicas=None):
        if not 1 <= min_replicas <= max_replicas or not 0 < target <= 1 or cooldown < 0 or tolerance < 0:
            raise ValueError("bad settings")
        replicas = min_replicas if replicas is None else replicas
        if not min_replicas <= replicas <= max_replicas:
            raise ValueError("bad start")
        self.min_replicas, self.max_replicas, self.target = min_replicas, max_replicas, target
        self.cooldown, self.clock, self.tolerance = cooldown, clock, tolerance
        self.replicas, self.last = replicas, None

    def observe(self, utilization):
        if utilization < 0:
            raise ValueError("negative")
        now = self.clock()
        if self.last is not None and now - self.last < self.cooldown:
            return self.replicas
        self.last = now
        if abs(utilization / self.target - 1) <= self.tolerance:
            return self.replicas
        desired = math.ceil(self.replicas * utilization / self.target)
        self.replicas = max(self.min_replicas, min(self.max_replicas, desired))
        return self.replicas
