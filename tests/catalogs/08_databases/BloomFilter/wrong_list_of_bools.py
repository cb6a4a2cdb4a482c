# fails: test-bloom-memory :: a filter of 2,000 items at 1% holds about m bits (at most m / 4 + 4096 bytes)
# fails: test-lsm-reads :: in memory only the run ids and their filters: 2,000 flushed keys leave a few kB, not the keys
# Right answers, but m Python booleans in a list: 8 bytes per bit instead of 1/8 of a byte.
import hashlib
import math


class BloomFilter:
    def __init__(self, capacity, fp_rate):
        if type(capacity) is not int or capacity < 1 or not 0 < fp_rate < 1:
            raise ValueError("bad arguments")
        self.m = math.ceil(-capacity * math.log(fp_rate) / math.log(2) ** 2)
        self.k = max(1, round(self.m / capacity * math.log(2)))
        self.bits = [False] * self.m

    def _positions(self, item):
        d = hashlib.blake2b(item.encode(), digest_size=16).digest()
        h1, h2 = int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little") | 1
        return [(h1 + i * h2) % self.m for i in range(self.k)]

    def add(self, item):
        for p in self._positions(item):
            self.bits[p] = True

    def might_contain(self, item):
        return all(self.bits[p] for p in self._positions(item))
