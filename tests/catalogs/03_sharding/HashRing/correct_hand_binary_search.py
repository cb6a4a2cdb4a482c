"""Correct: a dict position -> node plus a sorted key list, searched with a hand-written binary search."""
import hashlib


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        if isinstance(vnodes, bool) or not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError("vnodes must be a positive integer")
        self.vnodes = vnodes
        self.owner_at = {}
        self.sorted_positions = []
        self.physical = set()
        for node in nodes:
            self.add_node(node)

    def _hash(self, s):
        digest = hashlib.md5(s.encode("utf-8")).digest()
        value = 0
        for byte in digest[:8]:
            value = (value << 8) | byte
        return value

    def add_node(self, node):
        if node in self.physical:
            raise ValueError(f"{node} already present")
        self.physical.add(node)
        for i in range(self.vnodes):
            self.owner_at[self._hash(f"{node}#{i}")] = node
        self.sorted_positions = sorted(self.owner_at)

    def remove_node(self, node):
        if node not in self.physical:
            raise KeyError(node)
        self.physical.remove(node)
        self.owner_at = {p: n for p, n in self.owner_at.items() if n != node}
        self.sorted_positions = sorted(self.owner_at)

    def _search(self, key):
        """Index of the first position >= hash(key), wrapping to 0."""
        target = self._hash(key)
        lo, hi = 0, len(self.sorted_positions)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sorted_positions[mid] < target:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self.sorted_positions) else 0

    def get_node(self, key):
        if not self.sorted_positions:
            raise LookupError("empty ring")
        return self.owner_at[self.sorted_positions[self._search(key)]]

    def get_nodes(self, key, n):
        result = []
        if not self.sorted_positions or n <= 0:
            return result
        i = self._search(key)
        total = len(self.sorted_positions)
        for step in range(total):
            node = self.owner_at[self.sorted_positions[(i + step) % total]]
            if node not in result:
                result.append(node)
            if len(result) == min(n, len(self.physical)):
                break
        return result

    def __len__(self):
        return len(self.physical)

    def __contains__(self, node):
        return node in self.physical
