# fails: test-least-connections :: a long request keeps its backend busy: new requests go elsewhere
# fails: test-least-connections :: a tie goes to the first listed, not to the least recently picked
# fails: test-least-connections :: active(backend) counts picks minus releases, as an int
# fails: test-least-connections :: picks the backend with the fewest active connections; a tie goes to the first listed
# fails: test-least-connections :: releasing a backend with no active connection raises ValueError (and changes nothing)
"""Wrong: on a tie, the last listed backend wins."""


class LeastConnections:
    def __init__(self, backends):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.connections = {b: 0 for b in self.backends}

    def pick(self):
        best = min(reversed(self.backends), key=lambda b: self.connections[b])
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
