# fails: test-lru-o1 :: get does not slow down as the cache grows
# fails: test-lru-o1 :: put on an existing key does not slow down as the cache grows
"""Wrong (O(n)): recency kept in a deque; popleft is O(1) but deque.remove on every
get and update scans it."""
from collections import deque


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.values = {}
        self.order = deque()

    def get(self, key, default=None):
        if key in self.values:
            self.order.remove(key)
            self.order.append(key)
            return self.values[key]
        return default

    def put(self, key, value):
        if key in self.values:
            self.order.remove(key)
        else:
            if len(self.values) == self.capacity:
                del self.values[self.order.popleft()]
        self.order.append(key)
        self.values[key] = value

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values
