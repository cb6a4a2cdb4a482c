"""Correct: one record [entry, last_heard] per member, and a table of thresholds for the status."""


class GossipDetector:
    def __init__(self, name, members, clock, t_suspect, t_fail):
        if not (0 < t_suspect and t_suspect < t_fail) or name not in list(members):
            raise ValueError("bad detector settings")
        self.name = name
        self.clock = clock
        self.limits = [(t_fail, "dead"), (t_suspect, "suspect")]
        self.me = [clock(), 0]
        self.records = {m: [None, self.me[0]] for m in members if m != name}

    def heartbeat(self):
        self.me[1] += 1
        digest = {m: rec[0] for m, rec in self.records.items() if rec[0] is not None}
        digest[self.name] = (self.me[0], self.me[1])
        return digest

    def merge(self, digest):
        for member in digest:
            rec = self.records.get(member)
            if rec is None:
                continue
            entry = (digest[member][0], digest[member][1])
            if rec[0] is None or entry > rec[0]:
                rec[0] = entry
                rec[1] = self.clock()

    def status(self, member):
        if member == self.name:
            return "alive"
        age = self.clock() - self.records[member][1]
        for limit, verdict in self.limits:
            if age >= limit:
                return verdict
        return "alive"
