import hashlib
import re
import secrets
from typing import NamedTuple

RECORD = re.compile(r"scrypt\$([0-9]+)\$([0-9]+)\$([0-9]+)\$((?:[0-9a-f]{2})*)\$([0-9a-f]{64})")


class Params(NamedTuple):
    n: int
    r: int
    p: int


def _valid(n, r, p):
    if not all(type(x) is int for x in (n, r, p)):
        raise ValueError("scrypt parameters are ints")
    if n < 2 or bin(n).count("1") != 1 or r < 1 or p < 1:
        raise ValueError("n a power of two >= 2, r >= 1, p >= 1")
    return Params(n, r, p)


class PasswordHasher:
    """A regex for the record, secrets for the salt and the comparison, a named tuple of parameters."""

    def __init__(self, n=16384, r=8, p=1):
        self.params = _valid(n, r, p)

    @staticmethod
    def _derive(password, salt, params):
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=params.n, r=params.r, p=params.p,
                              dklen=32, maxmem=256 * params.r * (params.n + params.p + 2))

    def _read(self, stored):
        match = RECORD.fullmatch(stored) if isinstance(stored, str) else None
        if match is None:
            raise ValueError("not an scrypt record")
        params = _valid(int(match[1]), int(match[2]), int(match[3]))
        return params, bytes.fromhex(match[4]), bytes.fromhex(match[5])

    def hash(self, password):
        if not isinstance(password, str):
            raise TypeError("password must be a str")
        salt = secrets.token_bytes(16)
        key = self._derive(password, salt, self.params)
        return "$".join(["scrypt", *map(str, self.params), salt.hex(), key.hex()])

    def verify(self, stored, password):
        params, salt, key = self._read(stored)
        return secrets.compare_digest(self._derive(password, salt, params), key)

    def needs_rehash(self, stored):
        return self._read(stored)[0] != self.params

    def verify_and_update(self, stored, password):
        ok = self.verify(stored, password)
        return (ok, self.hash(password) if ok and self.needs_rehash(stored) else None)
