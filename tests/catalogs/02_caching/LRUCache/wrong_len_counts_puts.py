# fails: test-lru-basics :: put on an existing key replaces its value; len does not change
"""Wrong: len counts put calls (capped at capacity) instead of the keys held, so an
update counts as one more key."""
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.data = OrderedDict()
        self.puts = 0

    def get(self, key, default=None):
        if key not in self.data:
            return default
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        self.puts += 1
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)

    def __len__(self):
        return min(self.puts, self.capacity)

    def __contains__(self, key):
        return key in self.data
