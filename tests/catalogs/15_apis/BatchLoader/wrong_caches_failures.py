# fails: test-batch-loader-cache :: a batch_fn answer of the wrong length: each load of that call raises ValueError; not cached
# fails: test-batch-loader-cache :: failed keys are not cached: loaded again, they are sent again
"""Wrong: remembers failures too: a key whose batch failed keeps failing, never sent again."""


class BatchLoader:
    def __init__(self, batch_fn, max_batch_size=None):
        if max_batch_size is not None and (type(max_batch_size) is not int or max_batch_size < 1):
            raise ValueError("max_batch_size")
        self.batch_fn, self.max_batch_size = batch_fn, max_batch_size
        self.cache, self.queue = {}, {}

    def load(self, key):
        p = Pending()
        if key in self.cache:
            p.state, p.value = self.cache[key]
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
            try:
                values = list(self.batch_fn(chunk))
                if len(values) != len(chunk):
                    raise ValueError("length")
                outcomes = [("value", v) for v in values]
            except Exception as exc:  # noqa: BLE001
                outcomes = [("error", exc)] * len(chunk)
            for k, outcome in zip(chunk, outcomes):
                self.cache[k] = outcome
                for p in queue[k]:
                    p.state, p.value = outcome
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
