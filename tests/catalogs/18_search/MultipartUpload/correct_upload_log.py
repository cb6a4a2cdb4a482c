"""Correct, another structure: an append-only log of verified uploads; the last upload of a
number wins when completing (scanned backwards); the key computed incrementally."""
import hashlib


class MultipartUpload:
    def __init__(self, min_part_size=5 * 2**20):
        self.min_part_size = min_part_size
        self.log = []
        self.closed = False

    def _check_open(self):
        if self.closed:
            raise RuntimeError("completed")

    def upload_part(self, part_number, data, checksum):
        self._check_open()
        if isinstance(part_number, bool) or not isinstance(part_number, int) or part_number < 1 or part_number > 10000:
            raise ValueError("part_number")
        digest = hashlib.sha256()
        digest.update(data)
        if digest.hexdigest() != checksum:
            raise ValueError("checksum mismatch")
        self.log.append((part_number, checksum, data))
        return checksum

    def _latest(self, number):
        for n, checksum, data in reversed(self.log):
            if n == number:
                return checksum, data
        return None

    def complete(self, parts):
        self._check_open()
        parts = list(parts)
        if len(parts) == 0:
            raise ValueError("no parts")
        previous = 0
        found = []
        for number, etag in parts:
            if number <= previous:
                raise ValueError("order")
            previous = number
            latest = self._latest(number)
            if latest is None or latest[0] != etag:
                raise ValueError("missing or stale part")
            found.append(latest[1])
        if any(len(d) < self.min_part_size for d in found[:-1]):
            raise ValueError("part too small")
        key = hashlib.sha256()
        for d in found:
            key.update(d)
        self.closed = True
        self.log.clear()
        return key.hexdigest(), b"".join(found)
