# fails: test-bloom-memory :: might_contain returns True or False (bools)
# fails: test-bloom-rate :: 1,000 items at 1%: at most 1.5 x the estimate over 10,000 strangers
# fails: test-bloom-rate :: 2,000 items at 5% and 500 items at 10%
# fails: test-bloom-size :: every added item might be contained (no false negatives)
# fails: test-bloom-size :: no false negatives past capacity, and for unusual items
# might_contain returns the bit (1 or 0), not a bool.
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
        d = hashlib.blake2b(item.encode(), digest_size=16).digest()
        h1, h2 = int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little") | 1
        return [(h1 + i * h2) % self.m for i in range(self.k)]

    def add(self, item):
        for p in self._positions(item):
            self.bits[p >> 3] |= 1 << (p & 7)

    def might_contain(self, item):
        return min(self.bits[p >> 3] >> (p & 7) & 1 for p in self._positions(item))
