"""Correct: one global list of (partition, key, value) in arrival order and, per partition, the
positions of its records in that list (an offset is an index into those positions); the
assignment walks the sorted members handing out range sizes."""
import zlib


class PartitionedLog:
    def __init__(self, partitions):
        if type(partitions) is not int or partitions < 1:
            raise ValueError(partitions)
        self.count = partitions
        self.all = []
        self.index = [[] for _ in range(partitions)]
        self.commits = {}

    def partition_for(self, key):
        return zlib.crc32(key.encode()) % self.count

    def append(self, key, value):
        partition = self.partition_for(key)
        self.index[partition].append(len(self.all))
        self.all.append((partition, key, value))
        return partition, len(self.index[partition]) - 1

    def read(self, partition, offset, max_records=100):
        out = []
        for o in range(offset, min(offset + max_records, len(self.index[partition]))):
            _, key, value = self.all[self.index[partition][o]]
            out.append((o, key, value))
        return out

    def assign(self, members):
        members = sorted(members)
        result, next_partition = {}, 0
        for i, member in enumerate(members):
            size = self.count // len(members) + (i < self.count % len(members))
            result[member] = list(range(next_partition, next_partition + size))
            next_partition += size
        return result

    def commit(self, group, partition, offset):
        if offset not in range(len(self.index[partition]) + 1):
            raise ValueError(offset)
        self.commits.setdefault(group, {})[partition] = offset

    def committed(self, group, partition):
        return self.commits.get(group, {}).get(partition, 0)

    def poll(self, group, member, members, max_records=100):
        mine = self.assign(members).get(member)
        if mine is None:
            raise ValueError(member)
        out = []
        for partition in mine:
            for offset, key, value in self.read(partition, self.committed(group, partition), max_records - len(out)):
                out.append((partition, offset, key, value))
        return out
