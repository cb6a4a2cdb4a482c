"""Correct: a deque rotated past each backend it looks at; the picked one goes to the back."""
from collections import deque

from course.runtime.scaling_out import NoHealthyBackend


class HealthyRoundRobin:
    def __init__(self, backends, checker):
        if not backends:
            raise ValueError("HealthyRoundRobin needs backends")
        self.ring = deque(backends)
        self.checker = checker

    def pick(self):
        for _ in range(len(self.ring)):
            backend = self.ring[0]
            self.ring.rotate(-1)
            if self.checker.is_healthy(backend):
                return backend
        raise NoHealthyBackend("no healthy backend")
