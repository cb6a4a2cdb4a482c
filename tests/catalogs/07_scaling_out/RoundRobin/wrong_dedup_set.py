# fails: test-round-robin :: backends are handed out as given (numbers stay numbers; a backend listed twice gets two turns)
"""Wrong: keeps the backends in a dict (to drop duplicates), so a backend listed twice gets one turn."""


class RoundRobin:
    def __init__(self, backends):
        self.backends = list(dict.fromkeys(backends))
        if not self.backends:
            raise ValueError("no backends")
        self.i = 0

    def pick(self):
        backend = self.backends[self.i % len(self.backends)]
        self.i += 1
        return backend
