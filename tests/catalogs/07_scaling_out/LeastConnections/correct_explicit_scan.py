"""Correct: an explicit scan keeping the first backend with the smallest count (strictly fewer replaces it)."""


class LeastConnections:
    def __init__(self, backends):
        self.order = list(backends)
        if not self.order:
            raise ValueError("no backends")
        self.open = {b: 0 for b in self.order}

    def pick(self):
        best = self.order[0]
        for b in self.order[1:]:
            if self.open[b] < self.open[best]:
                best = b
        self.open[best] = self.open[best] + 1
        return best

    def release(self, backend):
        count = self.open[backend]          # KeyError for an unknown backend
        if count <= 0:
            raise ValueError("nothing to release")
        self.open[backend] = count - 1

    def active(self, backend):
        return self.open[backend]
