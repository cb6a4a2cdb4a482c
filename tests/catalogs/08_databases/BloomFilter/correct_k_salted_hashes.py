# k separately salted blake2b hashes (no double hashing), bits in a bytearray.
import hashlib
import math


class BloomFilter:
    def __init__(self, capacity, fp_rate):
        if type(capacity) is not int or capacity < 1 or not 0 < fp_rate < 1:
            raise ValueError("BloomFilter needs capacity >= 1 and 0 < fp_rate < 1")
        self.m = int(math.ceil(-capacity * math.log(fp_rate) / (math.log(2) ** 2)))
        self.k = max(1, int(round(self.m * math.log(2) / capacity)))
        self.array = bytearray(-(-self.m // 8))

    def _positions(self, item):
        data = item.encode("utf-8")
        for i in range(self.k):
            h = hashlib.blake2b(data, digest_size=8, salt=i.to_bytes(16, "little")).digest()
            yield int.from_bytes(h, "little") % self.m

    def add(self, item):
        for p in self._positions(item):
            self.array[p // 8] |= 1 << (p % 8)

    def might_contain(self, item):
        for p in self._positions(item):
            if not self.array[p // 8] & (1 << (p % 8)):
                return False
        return True
