"""Correct: concurrent.futures.Future as the pending result (wrapped so result() never blocks);
the keys of a tick kept as a list plus a dict of waiters."""
from concurrent.futures import Future


class _Load:
    def __init__(self, future):
        self._future = future

    def result(self):
        if not self._future.done():
            raise RuntimeError("not dispatched yet")
        return self._future.result()


class BatchLoader:
    def __init__(self, batch_fn, max_batch_size=None):
        if max_batch_size is not None and not (isinstance(max_batch_size, int) and not isinstance(max_batch_size, bool)
                                               and max_batch_size >= 1):
            raise ValueError("max_batch_size")
        self._fn, self._max = batch_fn, max_batch_size
        self._done = {}
        self._order, self._waiting = [], {}

    def load(self, key):
        future = Future()
        if key in self._done:
            future.set_result(self._done[key])
        else:
            if key not in self._waiting:
                self._order.append(key)
                self._waiting[key] = []
            self._waiting[key].append(future)
        return _Load(future)

    def dispatch(self):
        order, waiting = self._order, self._waiting
        self._order, self._waiting = [], {}
        step = self._max if self._max is not None else len(order)
        made = 0
        while order:
            chunk, order = order[:step], order[step:]
            made += 1
            try:
                values = self._fn(list(chunk))
                values = list(values)
            except Exception as exc:  # noqa: BLE001
                for key in chunk:
                    for f in waiting[key]:
                        f.set_exception(exc)
                continue
            if len(values) != len(chunk):
                for key in chunk:
                    for f in waiting[key]:
                        f.set_exception(ValueError("batch_fn returned the wrong number of values"))
                continue
            for key, value in zip(chunk, values):
                self._done[key] = value
                for f in waiting[key]:
                    f.set_result(value)
        return made
