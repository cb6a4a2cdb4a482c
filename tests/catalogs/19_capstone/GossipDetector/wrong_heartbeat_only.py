# fails: test-gossip-cluster :: C recovers at t=9 (a new generation, heartbeat 1): alive for everyone after its first round
# fails: test-gossip-detector :: the digest carries every member heard of with its newest entry, and no other
# fails: test-gossip-detector :: the example: suspect after t_suspect of silence, dead after t_fail, alive again on a newer entry
# fails: test-gossip-generations :: a restarted node (a new generation, heartbeat 1) is alive again
# fails: test-gossip-generations :: an older generation never beats a newer one, whatever its heartbeat
"""Wrong: compares heartbeat counters only, ignoring generations: a restarted node (heartbeat 1) is never heard."""


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
        return {self.name: (self.generation, self.beats), **self.table}

    def merge(self, digest):
        for member, entry in digest.items():
            if member == self.name or member not in self.last_heard:
                continue
            if member not in self.table or entry[1] > self.table[member][1]:
                self.table[member] = tuple(entry)
                self.last_heard[member] = self.clock()

    def status(self, member):
        if member == self.name:
            return "alive"
        age = self.clock() - self.last_heard[member]
        return "dead" if age >= self.t_fail else "suspect" if age >= self.t_suspect else "alive"
