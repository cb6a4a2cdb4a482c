"""Correct: hash map + doubly linked list without sentinels (head/tail may be None),
nodes as small lists [prev, next, key, value], and a size counter."""

PREV, NEXT, KEY, VALUE = 0, 1, 2, 3


class LRUCache:
    def __init__(self, capacity):
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError("capacity must be a positive integer")
        self.capacity = capacity
        self.map = {}
        self.oldest = None
        self.newest = None
        self.size = 0

    def _detach(self, node):
        if node[PREV] is None:
            self.oldest = node[NEXT]
        else:
            node[PREV][NEXT] = node[NEXT]
        if node[NEXT] is None:
            self.newest = node[PREV]
        else:
            node[NEXT][PREV] = node[PREV]
        node[PREV] = node[NEXT] = None

    def _push_newest(self, node):
        node[PREV], node[NEXT] = self.newest, None
        if self.newest is None:
            self.oldest = node
        else:
            self.newest[NEXT] = node
        self.newest = node

    def get(self, key, default=None):
        if key not in self.map:
            return default
        node = self.map[key]
        if node is not self.newest:
            self._detach(node)
            self._push_newest(node)
        return node[VALUE]

    def put(self, key, value):
        if key in self.map:
            node = self.map[key]
            node[VALUE] = value
            if node is not self.newest:
                self._detach(node)
                self._push_newest(node)
            return
        if self.size == self.capacity:
            victim = self.oldest
            self._detach(victim)
            del self.map[victim[KEY]]
            self.size -= 1
        node = [None, None, key, value]
        self.map[key] = node
        self._push_newest(node)
        self.size += 1

    def __len__(self):
        return self.size

    def __contains__(self, key):
        return key in self.map
