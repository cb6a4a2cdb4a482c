"""Correct: add/remove only mark the ring dirty; the first lookup after a change sorts once, later lookups just bisect."""
import bisect
import hashlib


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        if not isinstance(vnodes, int) or vnodes < 1:
            raise ValueError("vnodes")
        self.vnodes = vnodes
        self.points = {}            # node -> its positions
        self._index = None          # (positions, owners), rebuilt lazily
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        if node in self.points:
            raise ValueError(f"{node!r} is on the ring")
        self.points[node] = [int.from_bytes(hashlib.md5(f"{node}#{i}".encode()).digest()[:8], "big")
                             for i in range(self.vnodes)]
        self._index = None

    def remove_node(self, node):
        del self.points[node]       # KeyError when absent, as the contract asks
        self._index = None

    def _built(self):
        if self._index is None:
            pairs = sorted((p, node) for node, ps in self.points.items() for p in ps)
            self._index = ([p for p, _ in pairs], [node for _, node in pairs])
        return self._index

    def _start(self, key):
        positions, _ = self._built()
        h = int.from_bytes(hashlib.md5(key.encode()).digest()[:8], "big")
        return bisect.bisect_left(positions, h) % len(positions)

    def get_node(self, key):
        if not self.points:
            raise LookupError("empty")
        return self._built()[1][self._start(key)]

    def get_nodes(self, key, n):
        if not self.points:
            return []
        owners = self._built()[1]
        start = self._start(key)
        out = []
        for k in range(len(owners)):
            if len(out) >= min(n, len(self.points)):
                break
            node = owners[(start + k) % len(owners)]
            if node not in out:
                out.append(node)
        return out

    def __len__(self):
        return len(self.points)

    def __contains__(self, node):
        return node in self.points
