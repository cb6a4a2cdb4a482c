"""Correct: parallel lists of backends, weights and current weights, scanned by index."""


class SmoothWeightedRoundRobin:
    def __init__(self, weights):
        if len(weights) == 0:
            raise ValueError("empty")
        self.names = list(weights)
        self.weights = [weights[name] for name in self.names]
        if min(self.weights) < 1:
            raise ValueError("weights must be >= 1")
        self.current = [0] * len(self.names)

    def pick(self):
        total = 0
        best = 0
        for i, w in enumerate(self.weights):
            self.current[i] += w
            total += w
            if self.current[i] > self.current[best]:
                best = i
        self.current[best] -= total
        return self.names[best]
