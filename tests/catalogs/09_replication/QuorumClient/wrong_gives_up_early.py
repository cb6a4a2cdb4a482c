# fails: test-quorum-writes :: the put goes on to every replica even once w acknowledgements are out of reach
# Wrong: stops sending the write as soon as w acknowledgements are out of reach (too many
# timeouts): the replicas after that never get the write, though the contract sends it to every one.
class QuorumClient:
    def __init__(self, replicas, r, w, clock, client_id):
        n = len(replicas)
        if not (1 <= r <= n and 1 <= w <= n):
            raise ValueError("bad r or w")
        self.replicas, self.r, self.w, self.clock, self.client_id = list(replicas), r, w, clock, client_id

    def put(self, key, value):
        version = (self.clock(), self.client_id)
        acks = failures = 0
        for replica in self.replicas:
            if len(self.replicas) - failures < self.w:
                break
            try:
                replica.put(key, version, value)
                acks += 1
            except TimeoutError:
                failures += 1
        if acks < self.w:
            raise TimeoutError(f"{acks} acknowledgements, {self.w} needed")
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
            raise TimeoutError(f"{len(answers)} answers, {self.r} needed")
        found = [a for _, a in answers if a is not None]
        if not found:
            return None
        newest = max(found, key=lambda a: a[0])
        for replica, answer in answers:
            if answer is None or answer[0] < newest[0]:
                try:
                    replica.put(key, *newest)
                except TimeoutError:
                    pass
        return newest[1]
