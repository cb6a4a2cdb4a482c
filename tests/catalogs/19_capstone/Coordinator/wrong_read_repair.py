# fails: test-coordinator-reads :: get asks the home replicas in order, stops at r answers, and writes nothing
# fails: test-coordinator-reads :: r = 1 reads the first home replica only (a stale one is not corrected)
"""Wrong: read repair: a get writes the reconciled versions back to the home replicas it read."""


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
        asked = []
        for home in self.ring.get_nodes(key, self.n):
            if answers == self.r:
                break
            try:
                found += self.replicas[home].get(key)
                answers += 1
                asked.append(home)
            except TimeoutError:
                continue
        if answers < self.r:
            raise TimeoutError("too few answers")

        def covers(a, b):
            return all(a.get(k, 0) >= v for k, v in b.items())

        kept = []
        for i, (clock, value) in enumerate(found):
            newer = any(covers(o, clock) and not covers(clock, o) for o, _ in found)
            repeat = any(covers(o, clock) and covers(clock, o) for o, _ in found[:i])
            if not newer and not repeat:
                kept.append((clock, value))
        for home in asked:
            for clock, value in kept:
                try:
                    self.replicas[home].put(key, clock, value)
                except TimeoutError:
                    pass
        context = {}
        for clock, _ in kept:
            for k, v in clock.items():
                context[k] = max(context.get(k, 0), v)
        return [value for _, value in kept], context
