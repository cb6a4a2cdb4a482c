# fails: test-edge-purge :: a tag is a whole key: product-42 does not purge product-420
# fails: test-edge-purge :: purge_tag drops every copy with that tag, and only those
"""Wrong: purge_tag matches the tag anywhere in the Surrogate-Key text (product-42 also hits product-420)."""
import time


class EdgeCache:
    def __init__(self, origin, clock=time.monotonic):
        self.origin, self.clock = origin, clock
        self.store = {}
        self.pending = []

    def _fetch(self, url, now):
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
            self.store[url] = (body, now, int(life), int(d.get("stale-while-revalidate") or 0),
                               headers.get("Surrogate-Key") or "")
        return body

    def get(self, url):
        now = self.clock()
        e = self.store.get(url)
        if e is not None:
            age = now - e[1]
            if age < e[2]:
                return e[0]
            if age < e[2] + e[3]:
                if url not in self.pending:
                    self.pending.append(url)
                return e[0]
        return self._fetch(url, now)

    def revalidate_pending(self):
        urls, self.pending = self.pending, []
        for url in urls:
            self._fetch(url, self.clock())
        return len(urls)

    def purge(self, url):
        return 1 if self.store.pop(url, None) is not None else 0

    def purge_tag(self, tag):
        urls = [u for u, e in self.store.items() if tag in e[4]]
        for u in urls:
            del self.store[u]
        return len(urls)
