# fails: test-histogram-merge :: merge leaves the other histogram unchanged, and the two share nothing afterwards
import math


class LogHistogram:
    """merge() into an empty histogram adopts the other's dict: from then on the two share their counts."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError(relative_accuracy)
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.counts = {}

    def record(self, value):
        if not value > 0:
            raise ValueError(value)
        index = math.ceil(math.log(value) / math.log(self.gamma))
        self.counts[index] = self.counts.get(index, 0) + 1

    def __len__(self):
        return sum(self.counts.values())

    def buckets(self):
        return dict(self.counts)

    def quantile(self, q):
        if not 0 <= q <= 1 or not self.counts:
            raise ValueError(q)
        rank = math.floor(q * (len(self) - 1))
        seen = 0
        for index in sorted(self.counts):
            seen += self.counts[index]
            if seen > rank:
                return 2 * self.gamma ** index / (self.gamma + 1)

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("different accuracy")
        if not self.counts:
            self.counts = other.counts        # nothing to add to: just take theirs
            return
        for index, count in other.counts.items():
            self.counts[index] = self.counts.get(index, 0) + count
