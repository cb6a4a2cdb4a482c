# fails: test-quorum-reads :: a missing key still counts as an answer: the read stops at r
# fails: test-quorum-reads :: a read asks replicas in order and stops at r answers
# fails: test-quorum-repair :: a replica the read did not ask is not repaired
# Wrong: every read asks all N replicas (and repairs all of them): correct values, r is ignored.
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
            try:
                answers.append((replica, replica.get(key)))
            except TimeoutError:
                pass
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
