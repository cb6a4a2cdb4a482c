# fails: test-url-signer-verify :: malformed URLs return False, never raise
"""Wrong: verify splits the URL by hand and lets int() and tuple unpacking raise on malformed
input (and accepts extra parameters after the signature)."""
import hashlib
import hmac
import re
import time


class UrlSigner:
    def __init__(self, secret, clock=time.time):
        self.secret, self.clock = secret, clock

    def sign(self, method, path, ttl):
        if type(method) is not str or re.fullmatch(r"[A-Z]+", method) is None:
            raise ValueError("method")
        if type(path) is not str or not path.startswith("/") or re.search(r"[?#\s]", path):
            raise ValueError("path")
        if type(ttl) is not int or not 1 <= ttl <= 604_800:
            raise ValueError("ttl")
        expires = int(self.clock()) + ttl
        mac = hmac.new(self.secret, f"{method}\n{path}\n{expires}".encode(), hashlib.sha256).hexdigest()
        return f"{path}?expires={expires}&signature={mac}"

    def verify(self, method, url):
        path, query = url.split("?")
        params = dict(p.split("=") for p in query.split("&"))
        expires = int(params["expires"])
        mac = hmac.new(self.secret, f"{method}\n{path}\n{expires}".encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(mac, params["signature"]) and self.clock() < expires
