# fails: test-batch-loader-batching :: 300 distinct keys without max_batch_size: one call with all of them
# fails: test-batch-loader-batching :: 50 loads over 8 distinct keys: one call, the 8 keys in first-load order
# fails: test-batch-loader-batching :: dispatch() with nothing waiting returns 0 and calls nothing; each tick sends only its own keys
# fails: test-batch-loader-batching :: loads are sent once per key, in first-load order, in one call; results match (the example)
# fails: test-batch-loader-batching :: max_batch_size cuts the keys into consecutive chunks; dispatch returns the number of calls
# fails: test-batch-loader-cache :: a batch_fn answer of the wrong length: each load of that call raises ValueError; not cached
# fails: test-batch-loader-cache :: a failing batch_fn: result() raises its error; dispatch() does not
# fails: test-batch-loader-cache :: cached keys are served at once, without a dispatch or a batch call
# fails: test-batch-loader-cache :: failed keys are not cached: loaded again, they are sent again
# fails: test-batch-loader-cache :: only the chunk whose call failed fails; the others resolve
"""Wrong: dispatch() calls batch_fn once per distinct key: the N+1 problem again."""


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
        for key, waiting in queue.items():
            try:
                values = list(self.batch_fn([key]))
                if len(values) != 1:
                    raise ValueError("length")
            except Exception as exc:  # noqa: BLE001
                for p in waiting:
                    p.state, p.value = "error", exc
                continue
            self.cache[key] = values[0]
            for p in waiting:
                p.state, p.value = "value", values[0]
        return len(queue)


class Pending:
    def __init__(self):
        self.state, self.value = "waiting", None

    def result(self):
        if self.state == "waiting":
            raise RuntimeError("not dispatched")
        if self.state == "error":
            raise self.value
        return self.value
