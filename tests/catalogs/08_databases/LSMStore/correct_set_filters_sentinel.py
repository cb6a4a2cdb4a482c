# A sentinel for tombstones in the memtable, the run list newest first, compaction by dict
# updates from the oldest run; the filter is the chapter's BloomFilter.
TOMBSTONE = object()


class LSMStore:
    def __init__(self, disk, memtable_limit=1000, fp_rate=0.01):
        if type(memtable_limit) is not int or memtable_limit <= 0:
            raise ValueError(memtable_limit)
        self.disk = disk
        self.memtable_limit = memtable_limit
        self.fp_rate = fp_rate
        self.table = {}
        self.runs = []

    def _after_write(self):
        if len(self.table) >= self.memtable_limit:
            self.flush()

    def put(self, key, value):
        self.table[key] = value
        self._after_write()

    def delete(self, key):
        self.table[key] = TOMBSTONE
        self._after_write()

    def get(self, key, default=None):
        value = self.table.get(key, default)
        if key in self.table:
            return default if value is TOMBSTONE else value
        for run_id, bloom in self.runs:
            if not bloom.might_contain(key):
                continue
            found, stored = self.disk.get(run_id, key)
            if found:
                return default if stored is None else stored
        return default

    def _store(self, items):
        bloom = BloomFilter(max(1, len(items)), self.fp_rate)
        for key, _ in items:
            bloom.add(key)
        return self.disk.write_run(items), bloom

    def flush(self):
        if not self.table:
            return
        items = [(k, None if v is TOMBSTONE else v) for k, v in sorted(self.table.items(), key=lambda kv: kv[0])]
        self.runs = [self._store(items)] + self.runs
        self.table = {}

    def compact(self):
        merged = {}
        for run_id, _ in self.runs[::-1]:
            merged.update(self.disk.read_run(run_id))
        old = [run_id for run_id, _ in self.runs]
        live = sorted((k, v) for k, v in merged.items() if v is not None)
        self.runs = [self._store(live)] if live else []
        for run_id in old:
            self.disk.delete_run(run_id)
