# fails: test-autoscaler-cooldown :: any time at least cooldown seconds after the last change, a change is allowed
# fails: test-autoscaler-cooldown :: a change, then nothing until cooldown seconds have passed
# fails: test-autoscaler-cooldown :: a decision that changes nothing starts no cooldown
# fails: test-autoscaler-cooldown :: exactly cooldown seconds after the last change, a change is allowed
# fails: test-autoscaler-cooldown :: observations dropped during the cooldown are forgotten
# fails: test-autoscaler-cooldown :: the clock is the injected one
# fails: test-autoscaler-cooldown :: the first change is not delayed, and scaling down waits for the cooldown too
"""Wrong: times the cooldown with time.monotonic() instead of the injected clock."""
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
        self.cooldown, self.tolerance = cooldown, tolerance
        self.replicas, self.last = replicas, None

    def observe(self, utilization):
        if utilization < 0:
            raise ValueError("negative")
        now = time.monotonic()
        if abs(utilization / self.target - 1) <= self.tolerance:
            return self.replicas
        desired = max(self.min_replicas, min(self.max_replicas, math.ceil(self.replicas * utilization / self.target)))
        if desired != self.replicas and (self.last is None or now - self.last >= self.cooldown):
            self.replicas, self.last = desired, now
        return self.replicas
