# fails: test-round-robin :: backends are handed out as given (numbers stay numbers; a backend listed twice gets two turns)
# fails: test-round-robin :: each balancer keeps its own position
"""Wrong: the position lives on the class, so every balancer shares one counter."""


class RoundRobin:
    counter = 0

    def __init__(self, backends):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")

    def pick(self):
        backend = self.backends[RoundRobin.counter % len(self.backends)]
        RoundRobin.counter += 1
        return backend
