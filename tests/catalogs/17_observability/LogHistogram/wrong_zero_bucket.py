# fails: test-histogram-basics :: record() refuses values <= 0, and counts nothing for them
import math


class LogHistogram:
    """Like DDSketch, counts zeros in a bucket of their own: the contract says record(0) raises ValueError."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError(relative_accuracy)
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.counts = {}
        self.zeros = 0
        self.total = 0

    def record(self, value):
        if value < 0:
            raise ValueError(value)
        if value == 0:
            self.zeros += 1
        else:
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
        if rank < self.zeros:
            return 0.0
        seen = self.zeros
        for index in sorted(self.counts):
            seen += self.counts[index]
            if seen > rank:
                return 2 * self.gamma ** index / (self.gamma + 1)

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("different accuracy")
        for index, count in other.buckets().items():
            self.counts[index] = self.counts.get(index, 0) + count
        self.zeros += other.zeros
        self.total += len(other)
