# fails: test-multipart-complete :: part numbers must be strictly ascending; an empty list is refused
"""Wrong: complete() sorts the list it is given instead of refusing one out of order (and so
also accepts a part listed twice)."""
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
        if not parts:
            raise ValueError("empty")
        ordered = sorted(dict(parts).items())
        chunks = []
        for i, (n, etag) in enumerate(ordered):
            if n not in self.parts or self.parts[n][0] != etag:
                raise ValueError("missing")
            if i < len(ordered) - 1 and len(self.parts[n][1]) < self.min_part_size:
                raise ValueError("small")
            chunks.append(self.parts[n][1])
        body = b"".join(chunks)
        self.done = True
        return hashlib.sha256(body).hexdigest(), body
