"""Correct (behaviourally): positions are the whole 128-bit MD5 digest instead of its first 8 bytes.

Comparing 128-bit values orders the ring exactly as comparing their first 8 bytes
does, except when two different strings share a 64-bit MD5 prefix (nobody has
such a pair at hand). So every lookup agrees with the contract's ring, and no
test through the public API can tell the two apart: this must score full marks.
"""
import bisect
import hashlib


def position(text):
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest(), "big")


class HashRing:
    def __init__(self, nodes=(), vnodes=100):
        if not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError("vnodes must be a positive int")
        self.vnodes, self.keys, self.owner, self.members = vnodes, [], [], set()
        for node in nodes:
            self.add_node(node)

    def add_node(self, node):
        if node in self.members:
            raise ValueError(node)
        self.members.add(node)
        pairs = sorted(list(zip(self.keys, self.owner)) + [(position(f"{node}#{i}"), node) for i in range(self.vnodes)])
        self.keys, self.owner = [p for p, _ in pairs], [n for _, n in pairs]

    def remove_node(self, node):
        if node not in self.members:
            raise KeyError(node)
        self.members.remove(node)
        pairs = [(p, n) for p, n in zip(self.keys, self.owner) if n != node]
        self.keys, self.owner = [p for p, _ in pairs], [n for _, n in pairs]

    def get_node(self, key):
        if not self.keys:
            raise LookupError("empty ring")
        return self.owner[bisect.bisect_left(self.keys, position(key)) % len(self.keys)]

    def get_nodes(self, key, n):
        out = []
        if self.keys and n > 0:
            i = bisect.bisect_left(self.keys, position(key))
            for k in range(len(self.keys)):
                if len(out) == min(n, len(self.members)):
                    break
                node = self.owner[(i + k) % len(self.keys)]
                if node not in out:
                    out.append(node)
        return out

    def __len__(self):
        return len(self.members)

    def __contains__(self, node):
        return node in self.members
