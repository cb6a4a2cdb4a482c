"""Correct: a small class per stored response; Cache-Control parsed by hand."""
import time
from collections import deque


class Entry:
    def __init__(self, body, fetched_at, lifetime, swr, tags):
        self.body, self.fetched_at, self.lifetime, self.swr, self.tags = body, fetched_at, lifetime, swr, tags


def parse_cache_control(value):
    out = {}
    if not value:
        return out
    for piece in value.split(","):
        piece = piece.strip()
        if not piece:
            continue
        if "=" in piece:
            k, v = piece.split("=", 1)
            out[k.strip().lower()] = v.strip().strip('"')
        else:
            out[piece.lower()] = ""
    return out


class EdgeCache:
    def __init__(self, origin, clock=time.monotonic):
        self.origin, self.clock = origin, clock
        self.cache = {}
        self.pending = deque()

    def _fetch(self, url, now):
        body, headers = self.origin.fetch(url)
        cc = parse_cache_control(headers.get("Cache-Control"))
        if "no-store" in cc or "private" in cc:
            self.cache.pop(url, None)
        elif "s-maxage" in cc:
            self.cache[url] = Entry(body, now, int(cc["s-maxage"]), int(cc.get("stale-while-revalidate", 0) or 0),
                                    set(headers.get("Surrogate-Key", "").split()))
        elif "max-age" in cc:
            self.cache[url] = Entry(body, now, int(cc["max-age"]), int(cc.get("stale-while-revalidate", 0) or 0),
                                    set(headers.get("Surrogate-Key", "").split()))
        else:
            self.cache.pop(url, None)
        return body

    def get(self, url):
        now = self.clock()
        e = self.cache.get(url)
        if e is None:
            return self._fetch(url, now)
        age = now - e.fetched_at
        if age < e.lifetime:
            return e.body
        if age < e.lifetime + e.swr:
            if url not in self.pending:
                self.pending.append(url)
            return e.body
        return self._fetch(url, now)

    def revalidate_pending(self):
        n = 0
        while self.pending:
            self._fetch(self.pending.popleft(), self.clock())
            n += 1
        return n

    def purge(self, url):
        return 0 if self.cache.pop(url, None) is None else 1

    def purge_tag(self, tag):
        hit = [u for u, e in self.cache.items() if tag in e.tags]
        for u in hit:
            del self.cache[u]
        return len(hit)
