# fails: test-l7-paths :: a prefix matches whole segments only
# fails: test-l7-paths :: the longest prefix on whole segments wins
"""Wrong: plain string prefixes (path.startswith(prefix)): /images also matches /imagesx."""


class L7Router:
    def __init__(self, routes):
        self.rules = {}
        for host, prefix, pool in routes:
            if not isinstance(prefix, str) or not prefix.startswith("/"):
                raise ValueError("bad prefix")
            key = (None if host is None else host.lower(), prefix.rstrip("/") or "/")
            if key in self.rules:
                raise ValueError("duplicate")
            self.rules[key] = pool

    def route(self, host, path):
        name = host.split(":")[0].lower()
        chosen = name if any(h == name for h, _ in self.rules) else None
        path = path.split("?")[0]
        best = None
        for (h, prefix), pool in self.rules.items():
            if h == chosen and path.startswith(prefix):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), pool)
        if best is None:
            raise LookupError(path)
        return best[1]
