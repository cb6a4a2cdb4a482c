# fails: test-batch-loader-cache :: a batch_fn answer of the wrong length: each load of that call raises ValueError; not cached
# fails: test-batch-loader-cache :: a failing batch_fn: result() raises its error; dispatch() does not
# fails: test-batch-loader-cache :: failed keys are not cached: loaded again, they are sent again
# fails: test-batch-loader-cache :: only the chunk whose call failed fails; the others resolve
"""Wrong: lets batch_fn's exception escape from dispatch(); later chunks are never fetched."""


class BatchLoader:
    def __init__(self, batch_fn, max_batch_size=None):
        if max_batch_size is not None and (type(max_batch_size) is not int or max_batch_size < 1):
            raise ValueError("max_batch_size")
        self.batch_fn, self.max_batch_size = batch_fn, max_batch_size
        self.cache, self.queue = {}, {}

    def load(self, key):
        p = Pending()
        if key in self.cache:
            p.state, p.value = "value", self.cache[key]
        else:
            self.queue.setdefault(key, []).append(p)
        return p

    def dispatch(self):
        queue, self.queue = self.queue, {}
        keys = list(queue)
        size = self.max_batch_size or max(1, len(keys))
        calls = 0
        for start in range(0, len(keys), size):
            chunk = keys[start:start + size]
            calls += 1
            values = list(self.batch_fn(chunk))
            if len(values) != len(chunk):
                raise ValueError("batch_fn returned the wrong number of values")
            for k, v in zip(chunk, values):
                self.cache[k] = v
                for p in queue[k]:
                    p.state, p.value = "value", v
        return calls


class Pending:
    def __init__(self):
        self.state, self.value = "waiting", None

    def result(self):
        if self.state == "waiting":
            raise RuntimeError("not dispatched")
        if self.state == "error":
            raise self.value
        return self.value
