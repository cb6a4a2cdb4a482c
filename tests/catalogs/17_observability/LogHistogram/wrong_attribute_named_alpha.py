# fails: test-histogram-basics :: len() counts the values recorded; relative_accuracy is kept
# fails: test-histogram-basics :: the default relative accuracy is 0.01
import math


class LogHistogram:
    """Keeps the accuracy as self.alpha: the contract's attribute relative_accuracy is missing."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError(relative_accuracy)
        self.alpha = relative_accuracy
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
        if other.alpha != self.alpha:
            raise ValueError("different accuracy")
        for index, count in other.buckets().items():
            self.counts[index] = self.counts.get(index, 0) + count
        self.total += len(other)
