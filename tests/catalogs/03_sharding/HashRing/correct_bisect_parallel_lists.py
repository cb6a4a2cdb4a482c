"""Correct: two parallel lists (positions, owners) kept sorted with bisect.insort-style inserts, bisect_left lookup."""
import bisect
import hashlib


def _pos(text):
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "big")


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        if type(vnodes) is not int or vnodes < 1:
            raise ValueError("vnodes must be a positive int")
        self.vnodes = vnodes
        self.positions = []
        self.owners = []
        self.nodes = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        if node in self.nodes:
            raise ValueError("duplicate node")
        self.nodes.append(node)
        for i in range(self.vnodes):
            p = _pos(f"{node}#{i}")
            j = bisect.bisect_left(self.positions, p)
            self.positions.insert(j, p)
            self.owners.insert(j, node)

    def remove_node(self, node):
        if node not in self.nodes:
            raise KeyError(node)
        self.nodes.remove(node)
        keep = [j for j, owner in enumerate(self.owners) if owner != node]
        self.positions = [self.positions[j] for j in keep]
        self.owners = [self.owners[j] for j in keep]

    def get_node(self, key):
        if not self.positions:
            raise KeyError("empty ring")
        j = bisect.bisect_left(self.positions, _pos(key))
        if j == len(self.positions):
            j = 0
        return self.owners[j]

    def get_nodes(self, key, n):
        out = []
        if not self.positions:
            return out
        j = bisect.bisect_left(self.positions, _pos(key))
        for step in range(len(self.positions)):
            if len(out) >= min(n, len(self.nodes)):
                break
            owner = self.owners[(j + step) % len(self.positions)]
            if owner not in out:
                out.append(owner)
        return out

    def __len__(self):
        return len(self.nodes)

    def __contains__(self, node):
        return node in self.nodes
