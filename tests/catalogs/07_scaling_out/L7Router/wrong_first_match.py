# fails: test-l7-hosts :: hosts compare case-insensitively, and a :port suffix is ignored
# fails: test-l7-hosts :: the host's own routes, else the default routes
# fails: test-l7-paths :: a prefix matches whole segments only
# fails: test-l7-paths :: a trailing slash on the prefix is ignored
# fails: test-l7-paths :: the longest prefix on whole segments wins
# fails: test-l7-paths :: the query string is not part of the path
# fails: test-l7-paths :: paths compare case-sensitively (only the host does not)
"""Wrong: the first matching route in the list wins, not the longest prefix."""


class L7Router:
    def __init__(self, routes):
        self.rules = []
        keys = set()
        for host, prefix, pool in routes:
            if not isinstance(prefix, str) or not prefix.startswith("/"):
                raise ValueError("bad prefix")
            key = (None if host is None else host.lower(), tuple(s for s in prefix.split("/") if s))
            if key in keys:
                raise ValueError("duplicate")
            keys.add(key)
            self.rules.append((key, pool))

    def route(self, host, path):
        name = host.split(":")[0].lower()
        chosen = name if any(k[0] == name for k, _ in self.rules) else None
        segments = tuple(s for s in path.split("?")[0].split("/") if s)
        for (h, prefix), pool in self.rules:
            if h == chosen and segments[:len(prefix)] == prefix:
                return pool
        raise LookupError(path)
