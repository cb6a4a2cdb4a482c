# fails: test-lru-basics :: falsy values (0, '', None, False) are values, not misses
"""Wrong: get tests the value's truthiness, so stored 0, "", None, False
are treated as missing and return default."""
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key, default=None):
        value = self.data.get(key)
        if not value:
            return default
        self.data.move_to_end(key)
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
