# Correct: answers kept by index; repairs after choosing the winner with sorted(); a helper for safe calls.
class QuorumClient:
    def __init__(self, replicas, r, w, clock, client_id):
        if r < 1 or w < 1 or r > len(replicas) or w > len(replicas):
            raise ValueError("bad quorum sizes")
        self.replicas, self.r, self.w = replicas, r, w
        self.clock, self.client_id = clock, client_id

    @staticmethod
    def _try(fn, *args):
        try:
            return True, fn(*args)
        except TimeoutError:
            return False, None

    def put(self, key, value):
        version = (self.clock(), self.client_id)
        results = [self._try(rep.put, key, version, value) for rep in self.replicas]
        if sum(1 for ok, res in results if ok and res is True) < self.w:
            raise TimeoutError("write quorum not reached")
        return version

    def get(self, key):
        answers = {}
        i = 0
        while len(answers) < self.r and i < len(self.replicas):
            ok, res = self._try(self.replicas[i].get, key)
            if ok:
                answers[i] = res
            i += 1
        if len(answers) < self.r:
            raise TimeoutError("read quorum not reached")
        present = sorted((res for res in answers.values() if res is not None), key=lambda res: res[0])
        if not present:
            return None
        version, value = present[-1]
        for index, res in answers.items():
            if res is None or res[0] < version:
                self._try(self.replicas[index].put, key, version, value)
        return value
