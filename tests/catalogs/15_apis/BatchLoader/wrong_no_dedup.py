# fails: test-batch-loader-batching :: 50 loads over 8 distinct keys: one call, the 8 keys in first-load order
# fails: test-batch-loader-batching :: loads are sent once per key, in first-load order, in one call; results match (the example)
# fails: test-batch-loader-batching :: max_batch_size cuts the keys into consecutive chunks; dispatch returns the number of calls
"""Wrong: sends a key once per load (duplicates in the batch), pairing values by position."""


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
            self.queue.setdefault("all", []).append((key, p))
        return p

    def dispatch(self):
        items, self.queue = self.queue.get("all", []), {}
        size = self.max_batch_size or max(1, len(items))
        calls = 0
        for start in range(0, len(items), size):
            chunk = items[start:start + size]
            calls += 1
            try:
                values = list(self.batch_fn([k for k, _ in chunk]))
                if len(values) != len(chunk):
                    raise ValueError("length")
            except Exception as exc:  # noqa: BLE001
                for _, p in chunk:
                    p.state, p.value = "error", exc
                continue
            for (k, p), v in zip(chunk, values):
                self.cache[k] = v
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
