import bisect
import itertools
import math
from collections import Counter


class LogHistogram:
    """A Counter of bucket indexes, with sorted indexes and prefix sums cached between records."""

    def __init__(self, relative_accuracy=0.01):
        if relative_accuracy <= 0 or relative_accuracy >= 1:
            raise ValueError("relative_accuracy must be in (0, 1)")
        self.relative_accuracy = relative_accuracy
        self._gamma = (1 + relative_accuracy) / (1 - relative_accuracy)
        self._counts = Counter()
        self._cache = None

    def record(self, value):
        if value <= 0:
            raise ValueError("latencies are positive")
        self._counts[math.ceil(math.log2(value) / math.log2(self._gamma))] += 1
        self._cache = None

    def __len__(self):
        return sum(self._counts.values())

    def buckets(self):
        return {index: count for index, count in self._counts.items()}

    def _prefix(self):
        if self._cache is None:
            keys = sorted(self._counts)
            self._cache = (keys, list(itertools.accumulate(self._counts[k] for k in keys)))
        return self._cache

    def quantile(self, q):
        if q < 0 or q > 1:
            raise ValueError("q outside [0, 1]")
        keys, running = self._prefix()
        if not keys:
            raise ValueError("no values")
        rank = int(q * (running[-1] - 1))
        index = keys[bisect.bisect_right(running, rank)]
        return 2 * self._gamma ** index / (self._gamma + 1)

    def merge(self, other):
        if self.relative_accuracy != other.relative_accuracy:
            raise ValueError("different accuracy")
        self._counts.update(other.buckets())
        self._cache = None
