"""Correct: stores absolute deadlines (fresh until, servable-stale until); parses with a regex."""
import re
import time

DIRECTIVE = re.compile(r'\s*([A-Za-z-]+)\s*(?:=\s*"?([^",]*)"?)?\s*(?:,|$)')


class EdgeCache:
    def __init__(self, origin, clock=time.monotonic):
        self.origin = origin
        self.clock = clock
        self.entries = {}
        self.queue = {}                   # dict: insertion-ordered, no duplicates

    def _load(self, url):
        now = self.clock()
        body, headers = self.origin.fetch(url)
        cc = {m.group(1).lower(): (m.group(2) or "").strip() for m in DIRECTIVE.finditer(headers.get("Cache-Control") or "")}
        ttl = cc["s-maxage"] if "s-maxage" in cc else cc.get("max-age")
        if ttl is None or "no-store" in cc or "private" in cc:
            self.entries.pop(url, None)
            return body
        fresh_until = now + int(ttl)
        stale_until = fresh_until + int(cc.get("stale-while-revalidate") or 0)
        self.entries[url] = {"body": body, "fresh": fresh_until, "stale": stale_until,
                             "tags": (headers.get("Surrogate-Key") or "").split()}
        return body

    def get(self, url):
        now = self.clock()
        entry = self.entries.get(url)
        if entry and now < entry["fresh"]:
            return entry["body"]
        if entry and now < entry["stale"]:
            self.queue.setdefault(url, None)
            return entry["body"]
        return self._load(url)

    def revalidate_pending(self):
        urls = list(self.queue)
        self.queue.clear()
        for url in urls:
            self._load(url)
        return len(urls)

    def purge(self, url):
        return int(self.entries.pop(url, None) is not None)

    def purge_tag(self, tag):
        doomed = [url for url, e in self.entries.items() if tag in e["tags"]]
        for url in doomed:
            self.entries.pop(url)
        return len(doomed)
