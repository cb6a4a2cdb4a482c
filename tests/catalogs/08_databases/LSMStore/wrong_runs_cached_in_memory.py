# fails: test-lsm-reads :: in memory only the run ids and their filters: 2,000 flushed keys leave a few kB, not the keys
# Keeps a copy of every run it flushes, and compacts from those copies instead of reading the
# runs back: results and disk reads are right, but the memory holds the whole data set twice.
class LSMStore:
    def __init__(self, disk, memtable_limit=1000, fp_rate=0.01):
        if type(memtable_limit) is not int or memtable_limit < 1:
            raise ValueError(f"memtable_limit must be an int >= 1, got {memtable_limit!r}")
        self.disk = disk
        self.memtable_limit = memtable_limit
        self.fp_rate = fp_rate
        self.memtable = {}
        self.runs = []                      # (run_id, bloom, items), newest first

    def put(self, key, value):
        self.memtable[key] = value
        if len(self.memtable) >= self.memtable_limit:
            self.flush()

    def delete(self, key):
        self.put(key, None)

    def get(self, key, default=None):
        if key in self.memtable:
            value = self.memtable[key]
            return default if value is None else value
        for run_id, bloom, _ in self.runs:
            if bloom.might_contain(key):
                found, value = self.disk.get(run_id, key)
                if found:
                    return default if value is None else value
        return default

    def _write(self, items):
        bloom = BloomFilter(len(items), self.fp_rate)
        for key, _ in items:
            bloom.add(key)
        return self.disk.write_run(items), bloom, items

    def flush(self):
        if self.memtable:
            self.runs.insert(0, self._write(sorted(self.memtable.items())))
            self.memtable = {}

    def compact(self):
        merged = {}
        for _, _, items in reversed(self.runs):
            merged.update(items)
        live = sorted((k, v) for k, v in merged.items() if v is not None)
        old = [run_id for run_id, _, _ in self.runs]
        self.runs = [self._write(live)] if live else []
        for run_id in old:
            self.disk.delete_run(run_id)
