# Correct: an iterator over the replicas for reads; the newest tracked while reading.
class QuorumClient:
    def __init__(self, replicas, r, w, clock, client_id):
        n = len(replicas)
        if not 0 < r <= n:
            raise ValueError(f"r={r}")
        if not 0 < w <= n:
            raise ValueError(f"w={w}")
        self.replicas = tuple(replicas)
        self.r, self.w, self.clock, self.client_id = r, w, clock, client_id

    def put(self, key, value):
        version = (self.clock(), self.client_id)
        acks = 0
        for replica in self.replicas:
            try:
                acks += replica.put(key, version, value) is True
            except TimeoutError:
                pass
        if acks >= self.w:
            return version
        raise TimeoutError(f"only {acks} acks")

    def get(self, key):
        heard = []
        newest = None
        pending = iter(self.replicas)
        while len(heard) < self.r:
            replica = next(pending, None)
            if replica is None:
                raise TimeoutError(f"only {len(heard)} answers")
            try:
                answer = replica.get(key)
            except TimeoutError:
                continue
            heard.append((replica, answer))
            if answer is not None and (newest is None or answer[0] > newest[0]):
                newest = answer
        if newest is None:
            return None
        for replica, answer in heard:
            if answer is None or answer[0] != newest[0]:
                try:
                    replica.put(key, *newest)
                except TimeoutError:
                    pass
        return newest[1]
