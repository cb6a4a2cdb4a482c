# fails: test-multipart-complete :: every part but the last must be at least min_part_size; the last may be smaller
# fails: test-multipart-complete :: gaps in part numbers are fine; unlisted parts are dropped
# fails: test-multipart-complete :: the key is the SHA-256 of the whole object: equal content, equal key
# fails: test-multipart-parts :: a corrupted retry does not replace the good part; a good retry does
# fails: test-multipart-parts :: parts in any order are assembled by number (the example)
# fails: test-multipart-parts :: the same part retried 3 times and 40 shuffled parts: one copy each, in number order
"""Wrong: the key is S3's multipart ETag style (a hash of the parts' hashes, plus "-N"): it
depends on where the file was cut, so the same content uploaded in other parts gets another
key and deduplication fails."""
import hashlib


class MultipartUpload:
    def __init__(self, min_part_size=5 * 2**20):
        self.min_part_size = min_part_size
        self.parts = {}
        self.done = False

    def upload_part(self, part_number, data, checksum):
        if self.done:
            raise RuntimeError("done")
        if type(part_number) is not int or not 1 <= part_number <= 10_000:
            raise ValueError("number")
        if hashlib.sha256(data).hexdigest() != checksum:
            raise ValueError("checksum")
        self.parts[part_number] = (checksum, data)
        return checksum

    def complete(self, parts):
        if self.done:
            raise RuntimeError("done")
        numbers = [n for n, _ in parts]
        if not parts or any(b <= a for a, b in zip(numbers, numbers[1:])):
            raise ValueError("order")
        for i, (n, etag) in enumerate(parts):
            if n not in self.parts or self.parts[n][0] != etag:
                raise ValueError("missing")
            if i < len(parts) - 1 and len(self.parts[n][1]) < self.min_part_size:
                raise ValueError("small")
        body = b"".join(self.parts[n][1] for n in numbers)
        key = hashlib.sha256(b"".join(bytes.fromhex(e) for _, e in parts)).hexdigest() + f"-{len(parts)}"
        self.done = True
        return key, body
