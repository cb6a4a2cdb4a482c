"""Correct: each partition a dict {offset: (key, value)} with its own length, the range
assignment computed from boundaries (partition p belongs to the member whose range covers it),
and poll() as a generator cut off with itertools.islice."""
import itertools
import zlib


class PartitionedLog:
    def __init__(self, partitions):
        if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions <= 0:
            raise ValueError("partitions must be a positive int")
        self.n = partitions
        self.records = {p: {} for p in range(partitions)}
        self.offsets = {}

    def partition_for(self, key):
        return zlib.crc32(bytes(key, "utf-8")) % self.n

    def append(self, key, value):
        p = self.partition_for(key)
        offset = len(self.records[p])
        self.records[p][offset] = (key, value)
        return (p, offset)

    def read(self, partition, offset, max_records=100):
        log = self.records[partition]
        end = min(len(log), offset + max_records)
        return [(o, *log[o]) for o in range(offset, end)]

    def assign(self, members):
        ordered = sorted(set(members))
        out = {m: [] for m in ordered}
        if not ordered:
            return out
        per, extra = divmod(self.n, len(ordered))
        bounds = list(itertools.accumulate([per + 1] * extra + [per] * (len(ordered) - extra)))
        for p in range(self.n):
            index = next(i for i, b in enumerate(bounds) if p < b)
            out[ordered[index]].append(p)
        return out

    def commit(self, group, partition, offset):
        if offset < 0 or offset > len(self.records[partition]):
            raise ValueError("offset out of range")
        self.offsets[group, partition] = offset

    def committed(self, group, partition):
        return self.offsets.get((group, partition), 0)

    def poll(self, group, member, members, max_records=100):
        if member not in members:
            raise ValueError(f"unknown member {member!r}")

        def records():
            for p in self.assign(members)[member]:
                for o, key, value in self.read(p, self.committed(group, p), len(self.records[p])):
                    yield (p, o, key, value)

        return list(itertools.islice(records(), max_records))
