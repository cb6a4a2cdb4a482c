# fails: test-ring-replicas :: a long preference list: get_nodes(key, 260) on a ring of 300 nodes has 260 distinct nodes
# fails: test-ring-lookup :: a key exactly at a virtual node's position belongs to that virtual node (>=, not >)
# fails: test-ring-lookup :: a key past the last virtual node wraps around to the first one
# fails: test-ring-lookup :: keys are hashed as UTF-8 text
# fails: test-ring-lookup :: keys past the top of the ring wrap around to the first virtual node
# fails: test-ring-lookup :: the default is vnodes=100
# fails: test-ring-membership :: `node in ring` says whether a node is on the ring
# fails: test-ring-membership :: a ring emptied by remove_node raises LookupError
# fails: test-ring-membership :: add_node of a node already on the ring raises ValueError
# fails: test-ring-membership :: each ring has its own state
# fails: test-ring-membership :: len counts physical nodes, not virtual nodes
# fails: test-ring-membership :: remove_node of an absent node raises KeyError
# fails: test-ring-replicas :: every node, with one virtual node each: the walk may need the ring's last virtual node
# fails: test-ring-membership :: removing a node and adding it back restores every key's owner
# fails: test-ring-properties :: balance: 10 nodes, vnodes=100: every node holds 1 ± 4/sqrt(100) = 0.6..1.4 x the mean load
# fails: test-ring-properties :: balance: 10 nodes, vnodes=400: within 1 ± 4/sqrt(400) = 0.8..1.2 x the mean
# fails: test-ring-properties :: removing that node gives every key back its previous owner
# fails: test-ring-replicas :: a preference list never repeats a node (5 nodes, vnodes=100, n=4)
# fails: test-ring-replicas :: asking for more nodes than the ring has returns each node once
# fails: test-ring-replicas :: get_nodes(key, 1)[0] == get_node(key)
# fails: test-ring-replicas :: n <= 0 gives [], and an empty ring gives []
# fails: test-ring-replicas :: the first replica is always get_node(key)
# fails: test-ring-replicas :: the worked example: get_nodes('user:1', 2) skips cache-c's other virtual nodes
# fails: test-ring-speed :: bytecodes per lookup barely grow from 16 to 4,096 virtual nodes (no scan)
# fails: test-ring-speed :: get_node does not copy the ring on every lookup
# fails: test-ring-speed :: get_node does not sort the ring on every lookup
"""Wrong (each ring its own state): node set at class level, so every HashRing shares one membership set."""
import bisect
import hashlib


class HashRing:
    """A consistent-hash ring with virtual nodes."""
    _nodes = set()

    def __init__(self, nodes=(), vnodes=100):
        if isinstance(vnodes, bool) or not isinstance(vnodes, int) or vnodes <= 0:
            raise ValueError(f"vnodes must be a positive int, got {vnodes!r}")
        self.vnodes = vnodes
        self._positions = []   # sorted virtual-node positions
        self._owners = []      # _owners[i] is the physical node at _positions[i]
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
        return self._owners[self._first_index(key)]

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
