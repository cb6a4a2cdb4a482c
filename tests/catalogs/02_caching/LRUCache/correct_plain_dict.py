"""Correct: a plain dict (insertion-ordered since Python 3.7); refresh = pop and reinsert,
the least recently used key is the first one, next(iter(d))."""


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError(f"bad capacity {capacity!r}")
        self.capacity = capacity
        self.d = {}

    def get(self, key, default=None):
        try:
            value = self.d.pop(key)
        except KeyError:
            return default
        self.d[key] = value
        return value

    def put(self, key, value):
        self.d.pop(key, None)
        self.d[key] = value
        if len(self.d) > self.capacity:
            del self.d[next(iter(self.d))]

    def __len__(self):
        return len(self.d)

    def __contains__(self, key):
        return key in self.d
