# The bits in one Python int; positions from the two halves of a SHA-256 digest.
import hashlib
import math


class BloomFilter:
    def __init__(self, capacity, fp_rate):
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity <= 0:
            raise ValueError("capacity")
        if not (0.0 < fp_rate < 1.0):
            raise ValueError("fp_rate")
        ln2 = math.log(2)
        self.m = math.ceil(capacity * -math.log(fp_rate) / (ln2 * ln2))
        self.k = max(1, round(self.m / capacity * ln2))
        self.bits = 0

    def _positions(self, item):
        d = hashlib.sha256(item.encode()).digest()
        a, b = int.from_bytes(d[:8], "big"), int.from_bytes(d[8:16], "big")
        return [(a + i * b + i * i) % self.m for i in range(self.k)]

    def add(self, item):
        for p in self._positions(item):
            self.bits |= 1 << p

    def might_contain(self, item):
        bits = self.bits
        return all((bits >> p) & 1 == 1 for p in self._positions(item))
