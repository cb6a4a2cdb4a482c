# fails: test-lru-basics :: a get of a missing key changes nothing
# fails: test-lru-basics :: len counts keys, and `in` tells membership
# fails: test-lru-basics :: put on an existing key replaces its value; len does not change
# fails: test-lru-eviction :: holds exactly `capacity` keys
# fails: test-lru-rules :: capacity 1 is fine
# fails: test-lru-rules :: two caches share nothing
"""Wrong: the entries live in a class attribute, so every LRUCache shares them."""
from collections import OrderedDict


class LRUCache:
    data = OrderedDict()   # shared by all instances!

    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity

    def get(self, key, default=None):
        if key not in self.data:
            return default
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data
