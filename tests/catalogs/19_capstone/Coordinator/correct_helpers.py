"""Correct: chapter 09's vector-clock functions as helpers, an iterator over the stand-ins, a pooled reconcile."""


def vc_compare(a, b):
    nodes = set(a) | set(b)
    less = any(a.get(n, 0) < b.get(n, 0) for n in nodes)
    greater = any(a.get(n, 0) > b.get(n, 0) for n in nodes)
    return "concurrent" if less and greater else "before" if less else "after" if greater else "equal"


def vc_merge(a, b):
    return {n: max(a.get(n, 0), b.get(n, 0)) for n in {**a, **b}}


class Coordinator:
    """Coordinator, written with the vc_* helpers of chapter 09."""

    def __init__(self, name, ring, replicas, n=3, r=2, w=2):
        if not 1 <= r <= n or not 1 <= w <= n or n > len(replicas):
            raise ValueError("bad n, r, w")
        self.name, self.ring, self.replicas = name, ring, replicas
        self.n, self.r, self.w = n, r, w
        self.last = 0

    def put(self, key, value, context=None):
        clock = {} if context is None else {k: v for k, v in context.items()}
        entry = max(self.last, clock.get(self.name, 0)) + 1
        clock[self.name] = entry
        self.last = entry
        walk = self.ring.get_nodes(key, len(self.replicas))
        acks = 0
        down = []
        for node in walk[:self.n]:
            try:
                self.replicas[node].put(key, clock, value)
            except TimeoutError:
                down.append(node)
            else:
                acks += 1
        spare = iter(walk[self.n:])
        for home in down:
            for standin in spare:
                try:
                    self.replicas[standin].hint(home, key, clock, value)
                except TimeoutError:
                    continue
                acks += 1
                break
        if acks < self.w:
            raise TimeoutError("not enough acknowledgements")
        return clock

    def get(self, key):
        pool, heard = [], 0
        for node in self.ring.get_nodes(key, self.n):
            try:
                answer = self.replicas[node].get(key)
            except TimeoutError:
                continue
            pool.extend(answer)
            heard += 1
            if heard == self.r:
                break
        if heard < self.r:
            raise TimeoutError("not enough answers")
        kept = []
        for clock, value in pool:
            if any(vc_compare(clock, other) == "before" for other, _ in pool):
                continue
            if any(vc_compare(clock, other) == "equal" for other, _ in kept):
                continue
            kept.append((clock, value))
        context = {}
        for clock, _ in kept:
            context = vc_merge(context, clock)
        return [value for _, value in kept], context
