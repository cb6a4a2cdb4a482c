# fails: test-log-offsets :: groups keep their own offsets
"""Wrong: committed offsets are kept per partition only, so every consumer group shares them:
one group's commit makes another group skip records."""
import zlib


class PartitionedLog:

    def __init__(self, partitions):
        """Validate (an int >= 1); start with empty partitions and no commits."""
        if type(partitions) is not int or partitions < 1:
            raise ValueError(f"partitions must be an int >= 1, got {partitions!r}")
        self.partitions = partitions
        self.logs = [[] for _ in range(partitions)]
        self.commits = {}

    def partition_for(self, key):
        """The partition of `key`: zlib.crc32 of its UTF-8 bytes, modulo the number of partitions."""
        return zlib.crc32(key.encode("utf-8")) % self.partitions

    def append(self, key, value):
        """Append (key, value) to the key's partition; return (partition, offset)."""
        partition = self.partition_for(key)
        self.logs[partition].append((key, value))
        return partition, len(self.logs[partition]) - 1

    def read(self, partition, offset, max_records=100):
        """Up to max_records records of a partition from `offset` on: [(offset, key, value)]."""
        records = self.logs[partition][offset:offset + max_records]
        return [(offset + i, key, value) for i, (key, value) in enumerate(records)]

    def assign(self, members):
        """Range assignment: {member: [partitions]} for every member (members sorted by name)."""
        members = sorted(members)
        if not members:
            return {}
        per, extra = divmod(self.partitions, len(members))
        assignment, start = {}, 0
        for i, member in enumerate(members):
            size = per + (1 if i < extra else 0)
            assignment[member] = list(range(start, start + size))
            start += size
        return assignment

    def commit(self, group, partition, offset):
        """Record `offset` as the next offset `group` reads in `partition` (0 <= offset <= its length)."""
        if not 0 <= offset <= len(self.logs[partition]):
            raise ValueError(f"offset {offset!r} is outside partition {partition} (0..{len(self.logs[partition])})")
        self.commits[partition] = offset

    def committed(self, group, partition):
        """The next offset `group` reads in `partition`: 0 before any commit."""
        return self.commits.get(partition, 0)

    def poll(self, group, member, members, max_records=100):
        """The member's records from the group's committed offsets: [(partition, offset, key, value)]."""
        assignment = self.assign(members)
        if member not in assignment:
            raise ValueError(f"{member!r} is not one of the members {sorted(members)!r}")
        records = []
        for partition in assignment[member]:
            room = max_records - len(records)
            if room <= 0:
                break
            for offset, key, value in self.read(partition, self.committed(group, partition), room):
                records.append((partition, offset, key, value))
        return records
