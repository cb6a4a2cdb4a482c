"""Correct: add all weights first, then max() over (current, -position): the first listed wins ties."""


class SmoothWeightedRoundRobin:
    def __init__(self, weights):
        self.order = list(weights.keys())
        if not self.order or any(weights[b] < 1 for b in self.order):
            raise ValueError("need at least one backend, every weight >= 1")
        self.weights = dict(weights)
        self.current = dict.fromkeys(self.order, 0)

    def pick(self):
        for b in self.order:
            self.current[b] += self.weights[b]
        position = {b: i for i, b in enumerate(self.order)}
        best = max(self.order, key=lambda b: (self.current[b], -position[b]))
        self.current[best] -= sum(self.weights.values())
        return best
