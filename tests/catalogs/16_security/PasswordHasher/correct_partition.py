import hashlib
import hmac
import os


class PasswordHasher:
    """Parses with str.partition from the left and checks every field by hand; the comparison is
    hmac.compare_digest imported under another name; parameters kept as a dict."""

    SALT_BYTES = 16

    def __init__(self, n=16384, r=8, p=1):
        for value in (n, r, p):
            if type(value) is not int:
                raise ValueError("ints only")
        if not (n >= 2 and (n & -n) == n) or r <= 0 or p <= 0:
            raise ValueError("bad scrypt parameters")
        self.current = {"n": n, "r": r, "p": p}

    def hash(self, password):
        if type(password) is not str:
            raise TypeError("password must be a str")
        salt = os.urandom(self.SALT_BYTES)
        c = self.current
        key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=c["n"], r=c["r"], p=c["p"], dklen=32,
                             maxmem=128 * c["r"] * (c["n"] + c["p"] + 2) + 4096)
        return "scrypt$%d$%d$%d$%s$%s" % (c["n"], c["r"], c["p"], salt.hex(), key.hex())

    def _fields(self, stored):
        if type(stored) is not str:
            raise ValueError("a record is a str")
        scheme, _, rest = stored.partition("$")
        parts = rest.split("$")
        if scheme != "scrypt" or len(parts) != 5:
            raise ValueError("not an scrypt record")
        try:
            n, r, p = (int(x) for x in parts[:3])
            salt, key = bytes.fromhex(parts[3]), bytes.fromhex(parts[4])
        except ValueError:
            raise ValueError("bad field") from None
        PasswordHasher(n, r, p)                    # validates the parameters
        if len(key) != 32:
            raise ValueError("the key is 32 bytes")
        return {"n": n, "r": r, "p": p}, salt, key

    def verify(self, stored, password):
        params, salt, key = self._fields(stored)
        candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32,
                                   maxmem=128 * params["r"] * (params["n"] + params["p"] + 2) + 4096, **params)
        same = hmac.compare_digest
        return same(candidate, key)

    def needs_rehash(self, stored):
        return self._fields(stored)[0] != self.current

    def verify_and_update(self, stored, password):
        if not self.verify(stored, password):
            return (False, None)
        return (True, None) if not self.needs_rehash(stored) else (True, self.hash(password))
