# fails: test-p2c :: exactly one rng.sample per pick, and none with a single backend
# fails: test-p2c :: on a tie the first drawn wins
# fails: test-p2c :: picks and releases interleaved, several seeds
# fails: test-p2c :: ten picks from five backends, SeededRandom(7), nothing released
"""Wrong: two independent rng.randrange draws (they can be the same backend, and they are not the
draws the contract names)."""


class PowerOfTwoChoices:
    def __init__(self, backends, rng):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.rng = rng
        self.connections = {b: 0 for b in self.backends}

    def pick(self):
        a = self.backends[self.rng.randrange(len(self.backends))]
        b = self.backends[self.rng.randrange(len(self.backends))]
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
