"""Correct, another order of work: every rule of complete() is checked in a separate pass
(sizes, order, presence), then the body is assembled with a bytearray."""
import hashlib


class MultipartUpload:
    def __init__(self, min_part_size=5 * 2**20):
        self.min_size = min_part_size
        self.parts = {}
        self.state = "open"

    def upload_part(self, part_number, data, checksum):
        if self.state != "open":
            raise RuntimeError(self.state)
        if type(part_number) is not int or part_number not in range(1, 10_001):
            raise ValueError(part_number)
        if not hashlib.sha256(data).hexdigest() == checksum:
            raise ValueError("bad checksum")
        self.parts[part_number] = {"etag": checksum, "data": data}
        return checksum

    def complete(self, parts):
        if self.state != "open":
            raise RuntimeError(self.state)
        numbers = [n for n, _ in parts]
        if not numbers or numbers != sorted(set(numbers)):
            raise ValueError("parts must be non-empty and strictly ascending")
        if any(n not in self.parts or self.parts[n]["etag"] != etag for n, etag in parts):
            raise ValueError("missing part")
        if any(len(self.parts[n]["data"]) < self.min_size for n in numbers[:-1]):
            raise ValueError("entity too small")
        body = bytearray()
        for n in numbers:
            body += self.parts[n]["data"]
        body = bytes(body)
        self.state = "completed"
        return hashlib.sha256(body).hexdigest(), body
