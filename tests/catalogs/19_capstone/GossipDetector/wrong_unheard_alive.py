# fails: test-gossip-detector :: itself is always alive; entries about itself and unknown members are ignored; an unknown status is a KeyError
# fails: test-gossip-detector :: silence counts from the creation of the detector for members never heard of
# fails: test-gossip-detector :: the example: suspect after t_suspect of silence, dead after t_fail, alive again on a newer entry
"""Wrong: members never heard of are alive forever (silence counted only after a first entry)."""


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
            if member not in self.table or tuple(entry) > self.table[member]:
                self.table[member] = tuple(entry)
                self.last_heard[member] = self.clock()

    def status(self, member):
        if member == self.name:
            return "alive"
        if member not in self.table:
            return "alive"
        age = self.clock() - self.last_heard[member]
        return "dead" if age >= self.t_fail else "suspect" if age >= self.t_suspect else "alive"
