"""Correct: generations and heartbeats in two dicts, compared as pairs; the clock read once per merge."""


class GossipDetector:
    def __init__(self, name, members, clock, t_suspect, t_fail):
        if t_suspect <= 0 or t_fail <= t_suspect:
            raise ValueError("timeouts must satisfy 0 < t_suspect < t_fail")
        if name not in members:
            raise ValueError("the node must be a member")
        self.name, self.clock = name, clock
        self.t_suspect, self.t_fail = t_suspect, t_fail
        self.started = clock()
        self.count = 0
        self.gens, self.beats = {}, {}
        self.others = set(members) - {name}
        self.heard = {}

    def heartbeat(self):
        self.count += 1
        out = {m: (self.gens[m], self.beats[m]) for m in self.gens}
        out[self.name] = (self.started, self.count)
        return out

    def merge(self, digest):
        now = self.clock()
        for member, (gen, beat) in digest.items():
            if member not in self.others:
                continue
            if member not in self.gens or (gen, beat) > (self.gens[member], self.beats[member]):
                self.gens[member], self.beats[member] = gen, beat
                self.heard[member] = now

    def status(self, member):
        if member == self.name:
            return "alive"
        if member not in self.others:
            raise KeyError(member)
        age = self.clock() - self.heard.get(member, self.started)
        return "dead" if age >= self.t_fail else "suspect" if age >= self.t_suspect else "alive"
