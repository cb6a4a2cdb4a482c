# fails: test-bloom-rate :: 1,000 items at 1%: at most 1.5 x the estimate over 10,000 strangers
# fails: test-bloom-rate :: 2,000 items at 5% and 500 items at 10%
# fails: test-lsm-reads :: 500 gets of absent keys over 8 runs read at most 100 runs (Bloom filters)
# fails: test-lsm-reads :: a key in the newest run reads that run only; a key in the oldest run reads about one
# fails: test-lsm-reads :: the filters are sized for the store's fp_rate: at 0.2, absent keys read about 20% of the runs
# The k positions are k neighbouring bits after one hash: they are not independent, so one
# collision sets most of them, and the false-positive rate is far above the estimate.
import hashlib
import math


class BloomFilter:
    def __init__(self, capacity, fp_rate):
        if type(capacity) is not int or capacity < 1 or not 0 < fp_rate < 1:
            raise ValueError("bad arguments")
        self.m = math.ceil(-capacity * math.log(fp_rate) / math.log(2) ** 2)
        self.k = max(1, round(self.m / capacity * math.log(2)))
        self.bits = bytearray((self.m + 7) // 8)

    def _positions(self, item):
        h = int.from_bytes(hashlib.sha256(item.encode()).digest()[:8], "little")
        return [(h + i) % self.m for i in range(self.k)]

    def add(self, item):
        for p in self._positions(item):
            self.bits[p >> 3] |= 1 << (p & 7)

    def might_contain(self, item):
        return all(self.bits[p >> 3] >> (p & 7) & 1 for p in self._positions(item))
