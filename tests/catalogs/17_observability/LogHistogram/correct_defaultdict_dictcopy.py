import math
from collections import defaultdict


class LogHistogram:
    """Counts in a defaultdict(int); buckets() hands out a plain dict copy, as the contract asks."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError("relative_accuracy must be in (0, 1)")
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.counts = defaultdict(int)
        self.n = 0

    def record(self, value):
        if value <= 0:
            raise ValueError("only positive values")
        self.counts[math.ceil(math.log(value, self.gamma))] += 1
        self.n += 1

    def __len__(self):
        return self.n

    def buckets(self):
        return dict(self.counts)

    def quantile(self, q):
        if not 0 <= q <= 1 or self.n == 0:
            raise ValueError("q outside [0, 1], or an empty histogram")
        rank = math.floor(q * (self.n - 1))
        for index in sorted(self.counts):
            rank -= self.counts[index]
            if rank < 0:
                return 2 * self.gamma ** index / (self.gamma + 1)

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("different relative accuracy")
        for index, count in other.buckets().items():
            self.counts[index] += count
        self.n += len(other)
