# fails: test-coordinator-handoff :: a partition: both sides' writes succeed; after the heal they come back as siblings, and a merge resolves them
# fails: test-coordinator-reads :: siblings held by one replica, superseded by another's version: one value
# fails: test-coordinator-reads :: the context is the entry-wise maximum of the siblings' clocks
# fails: test-coordinator-reads :: versions from different replicas: the superseded one is dropped, concurrent ones are siblings
# fails: test-coordinator-versions :: a blind write is concurrent with another coordinator's version: siblings, not an overwrite
# fails: test-coordinator-versions :: a put with the merged context resolves the siblings into one value, everywhere
# fails: test-coordinator-versions :: two coordinators write from the same context: both values come back as siblings
"""Wrong: last-write-wins on read: only the version with the largest total count survives (siblings lost)."""


class Coordinator:
    def __init__(self, name, ring, replicas, n=3, r=2, w=2):
        if not (1 <= r <= n and 1 <= w <= n and n <= len(replicas)):
            raise ValueError("bad n, r, w")
        self.name, self.ring, self.replicas = name, ring, dict(replicas)
        self.n, self.r, self.w = n, r, w
        self.counter = 0

    def put(self, key, value, context=None):
        clock = dict(context or {})
        self.counter = max(self.counter, clock.get(self.name, 0)) + 1
        clock[self.name] = self.counter
        nodes = self.ring.get_nodes(key, len(self.replicas))
        acks, missing = 0, []
        for home in nodes[:self.n]:
            try:
                self.replicas[home].put(key, clock, value)
                acks += 1
            except TimeoutError:
                missing.append(home)
        standins = list(nodes[self.n:])
        for home in missing:
            while standins:
                standin = standins.pop(0)
                try:
                    self.replicas[standin].hint(home, key, clock, value)
                    acks += 1
                    break
                except TimeoutError:
                    continue
        if acks < self.w:
            raise TimeoutError("too few acknowledgements")
        return clock

    def get(self, key):
        answers, found = 0, []
        for home in self.ring.get_nodes(key, self.n):
            if answers == self.r:
                break
            try:
                found += self.replicas[home].get(key)
                answers += 1
            except TimeoutError:
                continue
        if answers < self.r:
            raise TimeoutError("too few answers")

        def covers(a, b):
            return all(a.get(k, 0) >= v for k, v in b.items())

        kept = [max(found, key=lambda version: sum(version[0].values()))] if found else []
        context = {}
        for clock, _ in kept:
            for k, v in clock.items():
                context[k] = max(context.get(k, 0), v)
        return [value for _, value in kept], context
