# fails: test-ring-speed :: bytecodes per lookup barely grow from 16 to 4,096 virtual nodes (no scan)
"""Wrong (O(log n) lookup by binary search): get_node walks the sorted positions one by one."""
import bisect
import hashlib


class HashRing:
    """A consistent-hash ring with virtual nodes."""

    def __init__(self, nodes=(), vnodes=100):
        if isinstance(vnodes, bool) or not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError(f"vnodes must be a positive int, got {vnodes!r}")
        self.vnodes = vnodes
        self._positions = []   # sorted virtual-node positions
        self._owners = []      # _owners[i] is the physical node at _positions[i]
        self._nodes = set()
        for node in nodes:
            self.add_node(node)

    @staticmethod
    def _position(text):
        return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")

    def add_node(self, node):
        if node in self._nodes:
            raise ValueError(f"{node!r} is already on the ring")
        self._nodes.add(node)
        pairs = list(zip(self._positions, self._owners))
        pairs += [(self._position(f"{node}#{i}"), node) for i in range(self.vnodes)]
        pairs.sort(key=lambda pair: pair[0])
        self._positions = [p for p, _ in pairs]
        self._owners = [n for _, n in pairs]

    def remove_node(self, node):
        if node not in self._nodes:
            raise KeyError(node)
        self._nodes.remove(node)
        kept = [(p, n) for p, n in zip(self._positions, self._owners) if n != node]
        self._positions = [p for p, _ in kept]
        self._owners = [n for _, n in kept]

    def _first_index(self, key):
        return bisect.bisect_left(self._positions, self._position(key)) % len(self._positions)

    def get_node(self, key):
        if not self._positions:
            raise LookupError("the ring is empty")
        h = self._position(key)
        for p, owner in zip(self._positions, self._owners):
            if p >= h:
                return owner
        return self._owners[0]

    def get_nodes(self, key, n):
        wanted = min(n, len(self._nodes))
        found = []
        if wanted <= 0:
            return found
        start, count = self._first_index(key), len(self._positions)
        for step in range(count):
            owner = self._owners[(start + step) % count]
            if owner not in found:
                found.append(owner)
                if len(found) == wanted:
                    break
        return found

    def __len__(self):
        return len(self._nodes)

    def __contains__(self, node):
        return node in self._nodes
