# fails: test-swrr-nginx :: smooth: weights 2, 1 give a b a, not a a b
# fails: test-swrr-nginx :: the sequence repeats every sum(weights) picks
# fails: test-swrr-nginx :: weights 3, 2, 1 give a b a c b a (a tie goes to the first listed)
# fails: test-swrr-nginx :: weights 5, 1, 1 give nginx's sequence a a b a c a a
# fails: test-swrr-rules :: backends are handed out as given (any hashable value)
# fails: test-swrr-rules :: each balancer keeps its own current weights
# fails: test-swrr-rules :: the current weights persist across cycles (uneven total)
"""Wrong: the naive weighted round robin, each backend repeated weight times in a row (a a a a a b c)."""


class SmoothWeightedRoundRobin:
    def __init__(self, weights):
        if not weights or any(w < 1 for w in weights.values()):
            raise ValueError("bad weights")
        self.slots = [b for b, w in weights.items() for _ in range(w)]
        self.i = 0

    def pick(self):
        backend = self.slots[self.i % len(self.slots)]
        self.i += 1
        return backend
