# fails: test-swrr-nginx :: ties follow the order of the dict, not the names
"""Wrong: scans the backends in sorted order, so ties go to the smallest name, not the first listed."""


class SmoothWeightedRoundRobin:
    def __init__(self, weights):
        if not weights or any(w < 1 for w in weights.values()):
            raise ValueError("bad weights")
        self.weights = dict(weights)
        self.current = {b: 0 for b in weights}

    def pick(self):
        best = None
        for b in sorted(self.weights, key=str):
            self.current[b] += self.weights[b]
            if best is None or self.current[b] > self.current[best]:
                best = b
        self.current[best] -= sum(self.weights.values())
        return best
