# fails: test-batch-loader-batching :: dispatch() with nothing waiting returns 0 and calls nothing; each tick sends only its own keys
# fails: test-batch-loader-cache :: None is a value: missing keys are cached as None, not fetched again
# fails: test-batch-loader-cache :: cached keys are served at once, without a dispatch or a batch call
"""Wrong: no cache: a key loaded again in a later tick is fetched again."""


class BatchLoader:
    def __init__(self, batch_fn, max_batch_size=None):
        if max_batch_size is not None and (type(max_batch_size) is not int or max_batch_size < 1):
            raise ValueError("max_batch_size")
        self.batch_fn, self.max_batch_size = batch_fn, max_batch_size
        self.cache, self.queue = {}, {}

    def load(self, key):
        p = Pending()
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
            try:
                values = list(self.batch_fn(chunk))
                if len(values) != len(chunk):
                    raise ValueError("length")
            except Exception as exc:  # noqa: BLE001
                for k in chunk:
                    for p in queue[k]:
                        p.state, p.value = "error", exc
                continue
            for k, v in zip(chunk, values):
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
