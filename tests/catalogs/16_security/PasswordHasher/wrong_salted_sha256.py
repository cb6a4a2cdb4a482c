# fails: test-password-hash :: hash() returns scrypt$n$r$p$salt$key, and hashlib.scrypt reproduces the key
# fails: test-password-hash :: passwords are encoded as UTF-8; empty and long passwords work
# fails: test-password-hash :: the hasher's parameters are the ones used and written; the defaults are n=2**14, r=8, p=1
# fails: test-password-verify :: a record verifies with its own parameters and salt, whatever the hasher's
# fails: test-password-verify :: malformed records raise ValueError
# fails: test-password-verify :: verify accepts a record made with hashlib.scrypt directly (the format is the contract)
import hashlib
import hmac
import os


class PasswordHasher:
    """Salted SHA-256 written in the scrypt format: fast to check, and fast to crack."""

    def __init__(self, n=16384, r=8, p=1):
        if any(type(v) is not int for v in (n, r, p)) or n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise ValueError("bad parameters")
        self.n, self.r, self.p = n, r, p

    def hash(self, password):
        if type(password) is not str:
            raise TypeError("str")
        salt = os.urandom(16)
        key = hashlib.sha256(salt + password.encode("utf-8")).digest()
        return f"scrypt${self.n}${self.r}${self.p}${salt.hex()}${key.hex()}"

    def _parse(self, stored):
        parts = stored.split("$")
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError("bad record")
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        if n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise ValueError("bad parameters")
        key = bytes.fromhex(parts[5])
        if len(key) != 32:
            raise ValueError("bad key")
        return n, r, p, bytes.fromhex(parts[4]), key

    def verify(self, stored, password):
        _, _, _, salt, key = self._parse(stored)
        return hmac.compare_digest(hashlib.sha256(salt + password.encode("utf-8")).digest(), key)

    def needs_rehash(self, stored):
        return self._parse(stored)[:3] != (self.n, self.r, self.p)

    def verify_and_update(self, stored, password):
        if not self.verify(stored, password):
            return False, None
        return (True, self.hash(password)) if self.needs_rehash(stored) else (True, None)
