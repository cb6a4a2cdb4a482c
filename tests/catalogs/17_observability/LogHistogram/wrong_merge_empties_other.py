# fails: test-histogram-merge :: merge leaves the other histogram unchanged, and the two share nothing afterwards
# fails: test-histogram-merge :: merging into an empty histogram, merging an empty one, merging twice
import math


class LogHistogram:
    """merge() moves the other histogram's counts instead of copying them: the other is emptied."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError(relative_accuracy)
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.counts = {}
        self.total = 0

    def record(self, value):
        if not value > 0:
            raise ValueError(value)
        index = math.ceil(math.log(value) / math.log(self.gamma))
        self.counts[index] = self.counts.get(index, 0) + 1
        self.total += 1

    def __len__(self):
        return self.total

    def buckets(self):
        return dict(self.counts)

    def quantile(self, q):
        if not 0 <= q <= 1 or not self.total:
            raise ValueError(q)
        rank = math.floor(q * (self.total - 1))
        seen = 0
        for index in sorted(self.counts):
            seen += self.counts[index]
            if seen > rank:
                return 2 * self.gamma ** index / (self.gamma + 1)

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("different accuracy")
        while other.counts:
            index, count = other.counts.popitem()
            self.counts[index] = self.counts.get(index, 0) + count
        self.total += other.total
        other.total = 0
