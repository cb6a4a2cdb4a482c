# fails: test-lru-o1 :: put of a new key (with eviction) does not slow down as the cache grows
"""Wrong (O(n log n) eviction): entries stored as key -> (stamp, value); put finds the
least recently used key by sorting the entries with a lambda key."""


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int) or capacity <= 0:
            raise ValueError("capacity must be a positive int")
        self.capacity = capacity
        self.entries = {}
        self.tick = 0

    def _stamp(self):
        self.tick += 1
        return self.tick

    def get(self, key, default=None):
        if key not in self.entries:
            return default
        _, value = self.entries[key]
        self.entries[key] = (self._stamp(), value)
        return value

    def put(self, key, value):
        if key not in self.entries and len(self.entries) >= self.capacity:
            victim = sorted(self.entries.items(), key=lambda kv: kv[1][0])[0][0]
            del self.entries[victim]
        self.entries[key] = (self._stamp(), value)

    def __len__(self):
        return len(self.entries)

    def __contains__(self, key):
        return key in self.entries
