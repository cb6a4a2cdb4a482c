# fails: test-health-balancer :: no healthy backend raises NoHealthyBackend; picks resume when one is back
# fails: test-health-balancer :: one backend that comes and goes
"""Wrong: returns None when every backend is down (a dead pick the caller will try to connect to)."""


class HealthyRoundRobin:
    def __init__(self, backends, checker):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.checker = checker
        self.last = -1

    def pick(self):
        n = len(self.backends)
        for step in range(1, n + 1):
            i = (self.last + step) % n
            if self.checker.is_healthy(self.backends[i]):
                self.last = i
                return self.backends[i]
        return None
