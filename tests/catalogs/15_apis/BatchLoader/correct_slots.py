"""Correct: one mutable slot per key shared by every load of that key in a tick; the result
function reads the slot (a closure-based pending object)."""

_WAITING = object()


class Pending:
    def __init__(self, slot):
        self.slot = slot

    def result(self):
        kind, value = self.slot
        if kind is _WAITING:
            raise RuntimeError("dispatch() has not run for this load")
        if kind == "error":
            raise value
        return value


class BatchLoader:
    def __init__(self, batch_fn, max_batch_size=None):
        if max_batch_size is None:
            pass
        elif type(max_batch_size) is int and max_batch_size > 0:
            pass
        else:
            raise ValueError(f"bad max_batch_size {max_batch_size!r}")
        self.batch_fn = batch_fn
        self.max_batch_size = max_batch_size
        self.cache = {}
        self.slots = {}

    def load(self, key):
        if key in self.cache:
            return Pending(["ok", self.cache[key]])
        if key not in self.slots:
            self.slots[key] = [_WAITING, None]
        return Pending(self.slots[key])

    def dispatch(self):
        slots, self.slots = self.slots, {}
        keys = list(slots)
        if not keys:
            return 0
        n = self.max_batch_size or len(keys)
        chunks = [keys[i:i + n] for i in range(0, len(keys), n)]
        for chunk in chunks:
            try:
                values = self.batch_fn(chunk)
                ok = len(values) == len(chunk)
            except Exception as exc:  # noqa: BLE001
                for key in chunk:
                    slots[key][:] = ["error", exc]
                continue
            if not ok:
                for key in chunk:
                    slots[key][:] = ["error", ValueError(f"{len(values)} values for {len(chunk)} keys")]
                continue
            for key, value in zip(chunk, values):
                self.cache[key] = value
                slots[key][:] = ["ok", value]
        return len(chunks)
