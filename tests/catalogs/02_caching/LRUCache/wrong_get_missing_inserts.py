# fails: test-lru-basics :: a get of a missing key changes nothing
# fails: test-lru-basics :: a missing key returns default (None unless given)
# fails: test-lru-eviction :: 600 random operations agree with a reference LRU
# fails: test-lru-eviction :: a get of a missing key does not change recency
"""Wrong: get pops the key with the default and puts it back, so a get of a missing
key inserts it (with the default as its value)."""
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key, default=None):
        value = self.data.pop(key, default)
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)
        return value

    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data
