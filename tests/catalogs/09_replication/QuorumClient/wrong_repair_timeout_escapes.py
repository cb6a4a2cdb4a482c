# fails: test-quorum-repair :: a repair that times out does not fail the read
# Wrong: a repair that times out makes the whole read fail.
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
        newest = max(found, key=lambda a: a[0])
        for replica, a in answers:
            if a is None or a[0] < newest[0]:
                replica.put(key, *newest)
        return newest[1]
