# Runs kept oldest first; compaction is a k-way heap merge of the sorted runs (newest wins).
import heapq


class LSMStore:
    _DELETED = object()

    def __init__(self, disk, memtable_limit=1000, fp_rate=0.01):
        if not isinstance(memtable_limit, int) or memtable_limit < 1:
            raise ValueError("memtable_limit must be >= 1")
        self.disk, self.limit, self.fp_rate = disk, memtable_limit, fp_rate
        self.memtable = {}
        self.runs = []                  # oldest first: [(run_id, bloom)]

    def put(self, key, value):
        self.memtable[key] = value
        if len(self.memtable) >= self.limit:
            self.flush()

    def delete(self, key):
        self.memtable[key] = None
        if len(self.memtable) >= self.limit:
            self.flush()

    def get(self, key, default=None):
        if key in self.memtable:
            value = self.memtable[key]
            return default if value is None else value
        for run_id, bloom in reversed(self.runs):
            if bloom.might_contain(key):
                found, value = self.disk.get(run_id, key)
                if found:
                    return default if value is None else value
        return default

    def _write(self, items):
        run_id = self.disk.write_run(items)
        bloom = BloomFilter(len(items), self.fp_rate)
        for key, _ in items:
            bloom.add(key)
        return run_id, bloom

    def flush(self):
        if self.memtable:
            self.runs.append(self._write(sorted(self.memtable.items())))
            self.memtable = {}

    def compact(self):
        if not self.runs:
            return
        n = len(self.runs)
        streams = [[(key, n - age, value) for key, value in self.disk.read_run(run_id)]
                   for age, (run_id, _) in enumerate(self.runs)]
        merged, last = [], None
        for key, _rank, value in heapq.merge(*streams):   # per key, the newest run comes first
            if key == last:
                continue
            last = key
            if value is not None:
                merged.append((key, value))
        old = [run_id for run_id, _ in self.runs]
        self.runs = [self._write(merged)] if merged else []
        for run_id in old:
            self.disk.delete_run(run_id)
