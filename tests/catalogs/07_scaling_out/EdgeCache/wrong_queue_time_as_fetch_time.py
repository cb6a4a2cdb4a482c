# fails: test-edge-swr :: the refreshed copy's age counts from the revalidation, not from the stale request
"""Wrong: a revalidated copy is dated from the stale request that queued it, not from its own fetch."""
import time


class EdgeCache:
    def __init__(self, origin, clock=time.monotonic):
        self.origin, self.clock = origin, clock
        self.store = {}
        self.pending = {}          # url -> time it was queued

    def _fetch(self, url, when):
        body, headers = self.origin.fetch(url)
        d = {}
        for part in (headers.get("Cache-Control") or "").split(","):
            name, _, arg = part.strip().partition("=")
            if name.strip():
                d[name.strip().lower()] = arg.strip().strip('"')
        life = d.get("s-maxage", d.get("max-age"))
        if life is None or "no-store" in d or "private" in d:
            self.store.pop(url, None)
        else:
            self.store[url] = (body, when, int(life), int(d.get("stale-while-revalidate") or 0),
                               set((headers.get("Surrogate-Key") or "").split()))
        return body

    def get(self, url):
        now = self.clock()
        e = self.store.get(url)
        if e is not None:
            age = now - e[1]
            if age < e[2]:
                return e[0]
            if age < e[2] + e[3]:
                self.pending.setdefault(url, now)
                return e[0]
        return self._fetch(url, now)

    def revalidate_pending(self):
        items, self.pending = list(self.pending.items()), {}
        for url, queued_at in items:
            self._fetch(url, queued_at)
        return len(items)

    def purge(self, url):
        return 1 if self.store.pop(url, None) is not None else 0

    def purge_tag(self, tag):
        urls = [u for u, e in self.store.items() if tag in e[4]]
        for u in urls:
            del self.store[u]
        return len(urls)
