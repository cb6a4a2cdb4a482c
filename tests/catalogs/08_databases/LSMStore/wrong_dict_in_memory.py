# fails: test-lsm-basics :: memtable_limit below 1 raises ValueError; 1 flushes every write; the defaults are 1000 and 0.01
# fails: test-lsm-compact :: compact() after the contract's example leaves one run [('b', '2'), ('c', '3')]
# fails: test-lsm-compact :: compact() then more writes and another compact()
# fails: test-lsm-compact :: compact() writes the merged run before it deletes the old ones
# fails: test-lsm-compact :: newest wins over three runs; the memtable is left alone
# fails: test-lsm-flush :: after a flush, reads go to the disk, and the newest run wins
# fails: test-lsm-flush :: flush() writes the memtable sorted; an empty memtable writes nothing
# fails: test-lsm-flush :: the contract's example: runs as written, and a tombstone hides an older value
# fails: test-lsm-flush :: the memtable flushes at memtable_limit distinct keys; overwrites do not count twice
# fails: test-lsm-reads :: 500 gets of absent keys over 8 runs read at most 100 runs (Bloom filters)
# fails: test-lsm-reads :: a key in the newest run reads that run only; a key in the oldest run reads about one
# fails: test-lsm-reads :: a tombstone in the newest run ends the search
# fails: test-lsm-reads :: in memory only the run ids and their filters: 2,000 flushed keys leave a few kB, not the keys
# fails: test-lsm-reads :: the filters are sized for the store's fp_rate: at 0.2, absent keys read about 20% of the runs
# A dict in memory, never flushed: reads are right, but nothing reaches the disk, so there are
# no runs, no tombstones on disk and nothing to compact.
class LSMStore:
    def __init__(self, disk, memtable_limit=1000, fp_rate=0.01):
        if type(memtable_limit) is not int or memtable_limit < 1:
            raise ValueError("memtable_limit")
        self.disk = disk
        self.data = {}

    def put(self, key, value):
        self.data[key] = value

    def delete(self, key):
        self.data.pop(key, None)

    def get(self, key, default=None):
        return self.data.get(key, default)

    def flush(self):
        pass

    def compact(self):
        pass
