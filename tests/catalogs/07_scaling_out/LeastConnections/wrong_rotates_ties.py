# fails: test-least-connections :: a long request keeps its backend busy: new requests go elsewhere
# fails: test-least-connections :: a tie goes to the first listed, not to the least recently picked
# fails: test-least-connections :: picks the backend with the fewest active connections; a tie goes to the first listed
"""Wrong (for this contract): rotates among tied backends like HAProxy does, instead of the documented
rule, the first listed."""


class LeastConnections:
    def __init__(self, backends):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.connections = {b: 0 for b in self.backends}
        self.start = 0

    def pick(self):
        n = len(self.backends)
        order = [self.backends[(self.start + k) % n] for k in range(n)]
        best = min(order, key=lambda b: self.connections[b])
        self.start = (self.backends.index(best) + 1) % n
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
