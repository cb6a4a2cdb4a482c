# fails: test-health-balancer :: asks on every pick: health changes count from the next pick
# fails: test-health-balancer :: no healthy backend raises NoHealthyBackend; picks resume when one is back
# fails: test-health-balancer :: one backend that comes and goes
# fails: test-health-balancer :: the rotation goes on after the last backend picked (not a count over the healthy ones)
"""Wrong: asks the checker once, when it is created, and never again."""
from course.runtime.scaling_out import NoHealthyBackend


class HealthyRoundRobin:
    def __init__(self, backends, checker):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.up = [b for b in self.backends if checker.is_healthy(b)]
        self.i = 0

    def pick(self):
        if not self.up:
            raise NoHealthyBackend("all down")
        backend = self.up[self.i % len(self.up)]
        self.i += 1
        return backend
