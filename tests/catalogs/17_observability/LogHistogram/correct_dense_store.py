import math


class LogHistogram:
    """DDSketch's dense store: a list of counts from a minimum index, grown at either end."""

    def __init__(self, relative_accuracy=0.01):
        if not (0 < relative_accuracy < 1):
            raise ValueError(relative_accuracy)
        self.relative_accuracy = relative_accuracy
        self.gamma = 1 + 2 * relative_accuracy / (1 - relative_accuracy)
        self.multiplier = 1 / math.log(self.gamma)
        self.offset = 0            # the bucket index of bins[0]
        self.bins = []
        self.count = 0

    def _add(self, index, count):
        if not self.bins:
            self.offset, self.bins = index, [0]
        if index < self.offset:
            self.bins[:0] = [0] * (self.offset - index)
            self.offset = index
        if index >= self.offset + len(self.bins):
            self.bins.extend([0] * (index - self.offset - len(self.bins) + 1))
        self.bins[index - self.offset] += count
        self.count += count

    def record(self, value):
        if not (value > 0):
            raise ValueError(value)
        self._add(int(math.ceil(math.log(value) * self.multiplier)), 1)

    def __len__(self):
        return self.count

    def buckets(self):
        return {self.offset + i: c for i, c in enumerate(self.bins) if c}

    def quantile(self, q):
        if not (0 <= q <= 1) or self.count == 0:
            raise ValueError(q)
        rank = q * (self.count - 1)                     # fractional, as in DDSketch's key_at_rank
        running = 0
        for i, c in enumerate(self.bins):
            running += c
            if running > rank:
                return (1 - self.relative_accuracy) * self.gamma ** (self.offset + i)
        raise AssertionError("unreachable")

    def merge(self, other):
        if other.relative_accuracy != self.relative_accuracy:
            raise ValueError("mismatched accuracy")
        for index, c in sorted(other.buckets().items()):
            self._add(index, c)
