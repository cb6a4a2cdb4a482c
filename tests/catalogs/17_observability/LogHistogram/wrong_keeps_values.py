# fails: test-histogram-memory :: 10,000 values in [1, 2) ms (35 buckets) keep no more memory than 1,000 did
import math


class LogHistogram:
    """Keeps every value and buckets them on demand: right answers, memory that grows with the stream."""

    def __init__(self, relative_accuracy=0.01):
        if not 0 < relative_accuracy < 1:
            raise ValueError(relative_accuracy)
        self.relative_accuracy = relative_accuracy
        self.gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self.values = []

    def _index(self, value):
        return math.ceil(math.log(value) / math.log(self.gamma))

    def record(self, value):
        if not value > 0:
            raise ValueError(value)
        self.values.append(value)

    def __len__(self):
        return len(self.values)

    def buckets(self):
        out = {}
        for v in self.values:
            out[self._index(v)] = out.get(self._index(v), 0) + 1
        return out

    def quantile(self, q):
        if not 0 <= q <= 1 or not self.values:
            raise ValueError(q)
        value = sorted(self.values)[math.floor(q * (len(self.values) - 1))]
        return 2 * self.gamma ** self._index(value) / (self.gamma + 1)

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("different accuracy")
        self.values.extend(other.values)
