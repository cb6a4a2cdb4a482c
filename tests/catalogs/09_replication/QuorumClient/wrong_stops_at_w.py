# fails: test-quorum-anomalies :: r=1, w=1 of 3: a read can miss an acknowledged write
# fails: test-quorum-basics :: put returns (clock(), client_id), every replica stores it, get reads it back
# fails: test-quorum-basics :: the clock is read for every put: a later put has a larger version and wins
# fails: test-quorum-writes :: a put is sent to every replica, even after w acknowledgements
# fails: test-quorum-writes :: the replicas after a dead one still get the write
# Wrong: stops sending the write once w replicas have acknowledged: the others never get it.
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
            if acks == self.w:
                break
            try:
                if replica.put(key, version, value) is True:
                    acks += 1
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
                try:
                    replica.put(key, *newest)
                except TimeoutError:
                    pass
        return newest[1]
