# fails: test-swrr-rules :: each balancer keeps its own current weights
"""Wrong: the current weights live in a class-level dict shared by every balancer."""


class SmoothWeightedRoundRobin:
    current = {}

    def __init__(self, weights):
        if not weights or any(w < 1 for w in weights.values()):
            raise ValueError("bad weights")
        self.weights = dict(weights)
        for b in weights:
            SmoothWeightedRoundRobin.current.setdefault(b, 0)

    def pick(self):
        best = None
        for b, w in self.weights.items():
            self.current[b] += w
            if best is None or self.current[b] > self.current[best]:
                best = b
        self.current[best] -= sum(self.weights.values())
        return best
