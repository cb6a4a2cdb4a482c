"""Correct: a deque whose front is the next backend; rotate after each pick."""
from collections import deque


class RoundRobin:
    def __init__(self, backends):
        self.ring = deque(backends)
        if not self.ring:
            raise ValueError("RoundRobin needs backends")

    def pick(self):
        backend = self.ring[0]
        self.ring.rotate(-1)
        return backend
