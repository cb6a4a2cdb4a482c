# fails: test-url-signer-sign :: the clock is read at each sign; the secret, method and path are all signed
# fails: test-url-signer-verify :: the clock is read at verify time; many URLs each checked on their own
# fails: test-url-signer-verify :: valid until expires, excluded: t = expires - 0.001 True, t = expires False
"""Wrong: reads the clock once, in __init__, and uses that time forever: URLs never expire and
every URL is signed from the same instant."""
import hashlib
import hmac
import re
import time


class UrlSigner:
    def __init__(self, secret, clock=time.time):
        self.secret = secret
        self.now = clock()

    def sign(self, method, path, ttl):
        if type(method) is not str or re.fullmatch(r"[A-Z]+", method) is None:
            raise ValueError("method")
        if type(path) is not str or not path.startswith("/") or re.search(r"[?#\s]", path):
            raise ValueError("path")
        if type(ttl) is not int or not 1 <= ttl <= 604_800:
            raise ValueError("ttl")
        expires = int(self.now) + ttl
        mac = hmac.new(self.secret, f"{method}\n{path}\n{expires}".encode(), hashlib.sha256).hexdigest()
        return f"{path}?expires={expires}&signature={mac}"

    def verify(self, method, url):
        m = re.fullmatch(r"(/[^?#\s]*)\?expires=([0-9]+)&signature=([0-9a-f]{64})", url) if type(url) is str else None
        if m is None or type(method) is not str:
            return False
        path, expires, sig = m.groups()
        mac = hmac.new(self.secret, f"{method}\n{path}\n{expires}".encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(mac, sig) and self.now < int(expires)
