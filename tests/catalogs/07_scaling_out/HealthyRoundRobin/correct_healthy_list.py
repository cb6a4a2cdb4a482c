"""Correct: asks for the healthy list on every pick and takes the first one after the last pick's position."""
from course.runtime.scaling_out import NoHealthyBackend


class HealthyRoundRobin:
    def __init__(self, backends, checker):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.checker = checker
        self.position = {b: i for i, b in enumerate(self.backends)}
        self.last = -1

    def pick(self):
        up = set(self.checker.healthy())
        candidates = [i for i, b in enumerate(self.backends) if b in up]
        if not candidates:
            raise NoHealthyBackend("every backend is down")
        later = [i for i in candidates if i > self.last]
        self.last = later[0] if later else candidates[0]
        return self.backends[self.last]
