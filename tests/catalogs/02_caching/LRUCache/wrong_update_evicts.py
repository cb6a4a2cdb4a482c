# fails: test-lru-eviction :: 600 random operations agree with a reference LRU
# fails: test-lru-eviction :: updating a key in a full cache evicts nothing
"""Wrong: put evicts whenever the cache is full, before checking whether the key is
already there, so updating a key in a full cache evicts another key."""
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key, default=None):
        if key not in self.data:
            return default
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        if len(self.data) >= self.capacity:
            self.data.popitem(last=False)
        self.data[key] = value
        self.data.move_to_end(key)

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data
