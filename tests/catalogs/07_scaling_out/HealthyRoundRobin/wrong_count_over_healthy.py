# fails: test-health-balancer :: asks on every pick: health changes count from the next pick
# fails: test-health-balancer :: the rotation goes on after the last backend picked (not a count over the healthy ones)
"""Wrong: counts picks modulo the healthy list, so a backend going down shifts the rotation."""
from course.runtime.scaling_out import NoHealthyBackend


class HealthyRoundRobin:
    def __init__(self, backends, checker):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.checker = checker
        self.count = 0

    def pick(self):
        up = [b for b in self.backends if self.checker.is_healthy(b)]
        if not up:
            raise NoHealthyBackend("all down")
        backend = up[self.count % len(up)]
        self.count += 1
        return backend
