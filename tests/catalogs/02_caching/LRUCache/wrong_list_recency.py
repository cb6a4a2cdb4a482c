# fails: test-lru-o1 :: get does not slow down as the cache grows
# fails: test-lru-o1 :: put on an existing key does not slow down as the cache grows
"""Wrong (O(n)): values in a dict, recency in a Python list; list.remove on every get
and update walks the list, so cost grows with capacity."""


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.values = {}
        self.order = []          # least recently used first

    def get(self, key, default=None):
        if key not in self.values:
            return default
        self.order.remove(key)
        self.order.append(key)
        return self.values[key]

    def put(self, key, value):
        if key in self.values:
            self.order.remove(key)
        elif len(self.values) >= self.capacity:
            oldest = self.order.pop(0)
            del self.values[oldest]
        self.values[key] = value
        self.order.append(key)

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values
