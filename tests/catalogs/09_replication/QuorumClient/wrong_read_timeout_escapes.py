# fails: test-quorum-anomalies :: r=1, w=1 of 3: a read can miss an acknowledged write
# fails: test-quorum-guarantee :: N=5, r=3, w=3: 15 failure patterns
# fails: test-quorum-guarantee :: every failure pattern the quorums tolerate, N=3 with (r, w) = (2, 2), (1, 3), (3, 1)
# fails: test-quorum-guarantee :: r=2, w=2 of 3: C down at the write, A cut off at the read
# fails: test-quorum-reads :: unreachable replicas are skipped
# Wrong: a read does not skip an unreachable replica: its TimeoutError escapes.
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
            answers.append((replica, replica.get(key)))
        if len(answers) < self.r:
            raise TimeoutError("not enough answers")
        found = [a for _, a in answers if a is not None]
        if not found:
            return None
        newest = max(found, key=lambda a: a[0])
        for replica, a in answers:
            if a is None or a[0] < newest[0]:
                try:
                    replica.put(key, *newest)
                except TimeoutError:
                    pass
        return newest[1]
