# fails: test-edge-freshness :: a fresh response that may not be stored drops the old copy
# fails: test-edge-swr :: many stale requests queue one revalidation
# fails: test-edge-swr :: past lifetime + stale-while-revalidate (boundary included): fetched at once
# fails: test-edge-swr :: queued URLs are fetched in the order they were queued
# fails: test-edge-swr :: stale within the window: the stale body at once, one background fetch (the example above)
# fails: test-edge-swr :: stale-while-revalidate counts from s-maxage when there is one
# fails: test-edge-swr :: the refreshed copy's age counts from the revalidation, not from the stale request
"""Wrong: within the stale-while-revalidate window it fetches at once and returns the new body (the user
waits for the origin: that is what the directive exists to avoid)."""
import time


class EdgeCache:
    def __init__(self, origin, clock=time.monotonic):
        self.origin, self.clock = origin, clock
        self.store = {}

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
            self.store[url] = (body, now, int(life), set((headers.get("Surrogate-Key") or "").split()))
        return body

    def get(self, url):
        now = self.clock()
        e = self.store.get(url)
        if e is not None and now - e[1] < e[2]:
            return e[0]
        return self._fetch(url, now)

    def revalidate_pending(self):
        return 0

    def purge(self, url):
        return 1 if self.store.pop(url, None) is not None else 0

    def purge_tag(self, tag):
        urls = [u for u, e in self.store.items() if tag in e[3]]
        for u in urls:
            del self.store[u]
        return len(urls)
