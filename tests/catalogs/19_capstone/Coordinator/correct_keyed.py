"""Correct: versions keyed by their clock (zeros dropped) in a dict; an index into the stand-ins."""


class Coordinator:
    """Coordinator with a dict of versions keyed by frozen clocks."""

    def __init__(self, name, ring, replicas, n=3, r=2, w=2):
        for label, x in (("r", r), ("w", w)):
            if x < 1 or x > n:
                raise ValueError(f"{label}={x} outside 1..{n}")
        if n > len(replicas):
            raise ValueError("more replicas than nodes")
        self.name = name
        self.ring = ring
        self.replicas = replicas
        self.n, self.r, self.w = n, r, w
        self.highest = 0

    def put(self, key, value, context=None):
        clock = dict(context) if context else {}
        self.highest = max(self.highest, clock.get(self.name, 0)) + 1
        clock[self.name] = self.highest
        walk = self.ring.get_nodes(key, len(self.replicas))
        missing = []
        acks = 0
        for home in walk[: self.n]:
            try:
                if self.replicas[home].put(key, clock, value):
                    acks += 1
            except TimeoutError:
                missing.append(home)
        i = self.n
        for home in missing:
            while i < len(walk):
                standin = walk[i]
                i += 1
                try:
                    self.replicas[standin].hint(home, key, clock, value)
                    acks += 1
                    break
                except TimeoutError:
                    pass
        if acks < self.w:
            raise TimeoutError(f"only {acks} of {self.w}")
        return clock

    def get(self, key):
        versions = {}
        answered = 0
        homes = self.ring.get_nodes(key, self.n)
        for home in homes:
            if answered >= self.r:
                break
            try:
                siblings = self.replicas[home].get(key)
            except TimeoutError:
                continue
            answered += 1
            for clock, value in siblings:
                frozen = frozenset((k, v) for k, v in clock.items() if v)
                versions.setdefault(frozen, (clock, value))
        if answered < self.r:
            raise TimeoutError("too few answers")

        def dominated(c, by):
            return c != by and all(by.get(k, 0) >= v for k, v in c.items())

        kept = [(c, v) for f, (c, v) in versions.items()
                if not any(dominated(dict(f), dict(g)) for g in versions)]
        context = {}
        for clock, _ in kept:
            for k, v in clock.items():
                if v > context.get(k, 0):
                    context[k] = v
        return [v for _, v in kept], context
