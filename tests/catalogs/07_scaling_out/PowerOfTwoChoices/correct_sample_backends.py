"""Correct: rng.sample(self.backends, 2) draws the same two positions as rng.sample(range(n), 2)."""


class PowerOfTwoChoices:
    def __init__(self, backends, rng):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.rng = rng
        self.load = dict.fromkeys(self.backends, 0)

    def pick(self):
        if len(self.backends) > 1:
            first, second = self.rng.sample(self.backends, 2)
            choice = first if self.load[first] <= self.load[second] else second
        else:
            choice = self.backends[0]
        self.load[choice] += 1
        return choice

    def release(self, backend):
        if self.load[backend] < 1:           # KeyError first for an unknown backend
            raise ValueError("nothing to release")
        self.load[backend] -= 1

    def active(self, backend):
        return self.load[backend]
