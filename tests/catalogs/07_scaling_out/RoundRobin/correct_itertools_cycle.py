"""Correct: itertools.cycle over a copy of the list."""
import itertools


class RoundRobin:
    def __init__(self, backends):
        backends = list(backends)
        if len(backends) == 0:
            raise ValueError("no backends")
        self._turns = itertools.cycle(backends)

    def pick(self):
        return next(self._turns)
