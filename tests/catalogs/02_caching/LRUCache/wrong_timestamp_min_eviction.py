# fails: test-lru-o1 :: put of a new key (with eviction) does not slow down as the cache grows
"""Wrong (O(n) eviction): each key remembers a use counter; put evicts the key with the
smallest counter found by min() over every key."""
import itertools


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.values = {}
        self.last_used = {}
        self.clock = itertools.count()

    def get(self, key, default=None):
        if key not in self.values:
            return default
        self.last_used[key] = next(self.clock)
        return self.values[key]

    def put(self, key, value):
        if key not in self.values and len(self.values) >= self.capacity:
            oldest = min(self.last_used, key=self.last_used.get)
            del self.values[oldest], self.last_used[oldest]
        self.values[key] = value
        self.last_used[key] = next(self.clock)

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values
