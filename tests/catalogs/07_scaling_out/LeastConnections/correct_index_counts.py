"""Correct: counts in a list by position; min over (count, position) tuples."""


class LeastConnections:
    def __init__(self, backends):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("LeastConnections([]): no backends")
        self.counts = [0] * len(self.backends)
        self.where = {b: i for i, b in enumerate(self.backends)}

    def pick(self):
        _, i = min((c, i) for i, c in enumerate(self.counts))
        self.counts[i] += 1
        return self.backends[i]

    def release(self, backend):
        if backend not in self.where:
            raise KeyError(backend)
        i = self.where[backend]
        if self.counts[i] == 0:
            raise ValueError(f"{backend!r} has nothing open")
        self.counts[i] -= 1

    def active(self, backend):
        return self.counts[self.where[backend]]
