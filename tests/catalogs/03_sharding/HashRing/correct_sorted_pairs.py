"""Correct: one sorted list of (position, node) pairs; lookup bisects with the 1-tuple (h,), which sorts before (h, node)."""
from bisect import bisect_left
from hashlib import md5


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        if not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError(f"vnodes must be a positive int, not {vnodes!r}")
        self._vnodes = vnodes
        self._ring = []
        self._members = set()
        for n in nodes:
            self.add_node(n)

    @staticmethod
    def _h(s):
        return int.from_bytes(md5(s.encode("utf-8")).digest()[:8], byteorder="big")

    def add_node(self, node):
        if node in self._members:
            raise ValueError(node)
        self._members.add(node)
        self._ring = sorted(self._ring + [(self._h(f"{node}#{i}"), node) for i in range(self._vnodes)])

    def remove_node(self, node):
        if node not in self._members:
            raise KeyError(node)
        self._members.discard(node)
        self._ring = [pair for pair in self._ring if pair[1] != node]

    def _start(self, key):
        return bisect_left(self._ring, (self._h(key),)) % len(self._ring)

    def get_node(self, key):
        if not self._ring:
            raise LookupError("no nodes")
        return self._ring[self._start(key)][1]

    def get_nodes(self, key, n):
        want = min(n, len(self._members))
        if want <= 0:
            return []
        start, seen, out = self._start(key), set(), []
        for k in range(len(self._ring)):
            node = self._ring[(start + k) % len(self._ring)][1]
            if node not in seen:
                seen.add(node)
                out.append(node)
                if len(out) == want:
                    break
        return out

    def __len__(self):
        return len(self._members)

    def __contains__(self, node):
        return node in self._members
