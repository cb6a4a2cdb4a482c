# fails: test-round-robin :: backends are handed out as given (numbers stay numbers; a backend listed twice gets two turns)
# fails: test-round-robin :: each balancer keeps its own position
# fails: test-round-robin :: picks in list order, starting with the first, and wraps around
"""Wrong: random choice (seeded here, so the catalog is deterministic) is not round robin:
the share is right only on average."""
import random


class RoundRobin:
    def __init__(self, backends):
        self.backends = list(backends)
        if not self.backends:
            raise ValueError("no backends")
        self.rng = random.Random(0)

    def pick(self):
        return self.rng.choice(self.backends)
