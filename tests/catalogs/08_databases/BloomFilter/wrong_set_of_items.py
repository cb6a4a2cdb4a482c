# fails: test-bloom-memory :: a filter of 2,000 items at 1% holds about m bits (at most m / 4 + 4096 bytes)
# fails: test-lsm-reads :: in memory only the run ids and their filters: 2,000 flushed keys leave a few kB, not the keys
# fails: test-lsm-reads :: the filters are sized for the store's fp_rate: at 0.2, absent keys read about 20% of the runs
# Exact answers from a set of the items: no false positives, but it stores every item.
import math


class BloomFilter:
    def __init__(self, capacity, fp_rate):
        if type(capacity) is not int or capacity < 1 or not 0 < fp_rate < 1:
            raise ValueError("bad arguments")
        self.m = math.ceil(-capacity * math.log(fp_rate) / math.log(2) ** 2)
        self.k = max(1, round(self.m / capacity * math.log(2)))
        self.items = set()

    def add(self, item):
        self.items.add(item)

    def might_contain(self, item):
        return item in self.items
