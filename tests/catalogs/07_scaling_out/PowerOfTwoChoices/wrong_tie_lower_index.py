# fails: test-p2c :: on a tie the first drawn wins
# fails: test-p2c :: picks and releases interleaved, several seeds
# fails: test-p2c :: ten picks from five backends, SeededRandom(7), nothing released
"""Wrong: on a tie, the candidate listed first in backends wins, not the first drawn."""


class PowerOfTwoChoices:
    def __init__(self, backends, rng):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.rng = rng
        self.connections = {b: 0 for b in self.backends}

    def pick(self):
        if len(self.backends) == 1:
            best = self.backends[0]
        else:
            i, j = sorted(self.rng.sample(range(len(self.backends)), 2))
            a, b = self.backends[i], self.backends[j]
            best = b if self.connections[b] < self.connections[a] else a
        self.connections[best] += 1
        return best

    def release(self, backend):
        if backend not in self.connections:
            raise KeyError(backend)
        if self.connections[backend] == 0:
            raise ValueError("nothing open")
        self.connections[backend] -= 1

    def active(self, backend):
        return self.connections[backend]
