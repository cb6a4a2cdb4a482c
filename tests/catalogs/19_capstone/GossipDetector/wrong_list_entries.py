# fails: test-gossip-detector :: timeouts under a second, and longer names: itself is alive, not an unknown member
# fails: test-gossip-detector :: heartbeat() counts up from 1 and returns this node's entry (generation = clock() at creation)
# fails: test-gossip-detector :: itself is always alive; entries about itself and unknown members are ignored; an unknown status is a KeyError
# fails: test-gossip-detector :: the digest carries every member heard of with its newest entry, and no other
# fails: test-gossip-detector :: the example: suspect after t_suspect of silence, dead after t_fail, alive again on a newer entry
# fails: test-gossip-generations :: an older generation never beats a newer one, whatever its heartbeat
# fails: test-gossip-generations :: the generation is read once, when the detector is created
# fails: test-gossip-generations :: within a generation, the higher heartbeat wins
"""Wrong: entries as lists in the digest (entries are tuples, compared as tuples)."""


class GossipDetector:
    def __init__(self, name, members, clock, t_suspect, t_fail):
        if not 0 < t_suspect < t_fail or name not in members:
            raise ValueError("bad settings")
        self.name, self.clock, self.t_suspect, self.t_fail = name, clock, t_suspect, t_fail
        self.generation, self.beats = clock(), 0
        self.table = {}
        self.last_heard = {m: self.generation for m in members if m != name}

    def heartbeat(self):
        self.beats += 1
        return {self.name: [self.generation, self.beats], **{m: list(e) for m, e in self.table.items()}}

    def merge(self, digest):
        for member, entry in digest.items():
            if member == self.name or member not in self.last_heard:
                continue
            if member not in self.table or tuple(entry) > self.table[member]:
                self.table[member] = tuple(entry)
                self.last_heard[member] = self.clock()

    def status(self, member):
        if member == self.name:
            return "alive"
        age = self.clock() - self.last_heard[member]
        return "dead" if age >= self.t_fail else "suspect" if age >= self.t_suspect else "alive"
