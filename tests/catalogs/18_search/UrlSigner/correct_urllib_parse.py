"""Correct, another parser: urllib.parse.urlsplit and parse_qsl(strict_parsing) with explicit
checks of the query's exact shape; the MAC compared as bytes (digest, not hexdigest)."""
import hashlib
import hmac
import string
import time
from urllib.parse import parse_qsl, urlsplit


class UrlSigner:
    def __init__(self, secret, clock=time.time):
        self._secret = secret
        self._clock = clock

    def _mac(self, method, path, expires):
        return hmac.new(self._secret, "\n".join([method, path, str(expires)]).encode("utf-8"), hashlib.sha256)

    def sign(self, method, path, ttl):
        if not isinstance(method, str) or not method or any(c not in string.ascii_uppercase for c in method):
            raise ValueError("method")
        if not isinstance(path, str) or path[:1] != "/" or any(c in "?#" or c.isspace() for c in path):
            raise ValueError("path")
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 1 or ttl > 7 * 24 * 3600:
            raise ValueError("ttl")
        expires = int(self._clock()) + ttl
        return path + "?expires=" + str(expires) + "&signature=" + self._mac(method, path, expires).hexdigest()

    def verify(self, method, url):
        if not isinstance(url, str) or not isinstance(method, str):
            return False
        if url.count("?") != 1 or "#" in url or any(c.isspace() for c in url):
            return False
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return False
        try:
            pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)
        except ValueError:
            return False
        if [k for k, _ in pairs] != ["expires", "signature"] or parts.query != f"expires={pairs[0][1]}&signature={pairs[1][1]}":
            return False
        expires, signature = pairs[0][1], pairs[1][1]
        if not expires.isascii() or not expires.isdigit() or len(signature) != 64 or any(c not in "0123456789abcdef" for c in signature):
            return False
        if not hmac.compare_digest(bytes.fromhex(signature), self._mac(method, parts.path, expires).digest()):
            return False
        return self._clock() < int(expires)
