"""Correct: counts by position; the two positions unpacked from one rng.sample call."""


class PowerOfTwoChoices:
    def __init__(self, backends, rng):
        self.backends = list(backends)
        if len(self.backends) < 1:
            raise ValueError("PowerOfTwoChoices needs backends")
        self.rng = rng
        self.counts = [0] * len(self.backends)
        self.position = {b: i for i, b in enumerate(self.backends)}

    def pick(self):
        n = len(self.backends)
        if n == 1:
            k = 0
        else:
            i, j = self.rng.sample(range(n), 2)
            k = j if self.counts[j] < self.counts[i] else i
        self.counts[k] += 1
        return self.backends[k]

    def release(self, backend):
        k = self.position[backend]
        if self.counts[k] == 0:
            raise ValueError("no open connection")
        self.counts[k] -= 1

    def active(self, backend):
        return self.counts[self.position[backend]]
