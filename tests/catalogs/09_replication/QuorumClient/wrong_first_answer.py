# fails: test-quorum-guarantee :: N=5, r=3, w=3: 15 failure patterns
# fails: test-quorum-guarantee :: every failure pattern the quorums tolerate, N=3 with (r, w) = (2, 2), (1, 3), (3, 1)
# fails: test-quorum-reads :: equal timestamps: the client id decides (versions compare as tuples), whichever replica has it
# fails: test-quorum-reads :: the largest version among the answers wins, wherever it is
# fails: test-quorum-repair :: a stale replica that answered gets the newest version; an up-to-date one is not written
# fails: test-quorum-repair :: the repair carries the newest version itself, not a new one
# Wrong: returns the first answer that has a value, not the newest.
class QuorumClient:
    def __init__(self, replicas, r, w, clock, client_id):
        n = len(replicas)
        if not (1 <= r <= n and 1 <= w <= n):
            raise ValueError("bad r or w")
        self.replicas, self.r, self.w, self.clock, self.client_id = list(replicas), r, w, clock, client_id

    def put(self, key, value):
        version = (self.clock(), self.client_id)
        acks = 0
        for replica in self.replicas:
            try:
                acks += replica.put(key, version, value) is True
            except TimeoutError:
                pass
        if acks < self.w:
            raise TimeoutError("not enough acknowledgements")
        return version

    def get(self, key):
        answers = []
        for replica in self.replicas:
            if len(answers) == self.r:
                break
            try:
                answers.append((replica, replica.get(key)))
            except TimeoutError:
                pass
        if len(answers) < self.r:
            raise TimeoutError("not enough answers")
        found = [a for _, a in answers if a is not None]
        if not found:
            return None
        newest = found[0]
        for replica, a in answers:
            if a is None or a[0] < newest[0]:
                try:
                    replica.put(key, *newest)
                except TimeoutError:
                    pass
        return newest[1]
