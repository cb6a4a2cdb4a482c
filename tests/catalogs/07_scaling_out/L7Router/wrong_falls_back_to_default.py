# fails: test-l7-hosts :: a host with rules of its own never falls back to the default rules
"""Wrong: when the host's own rules match nothing, it tries the default rules."""


class L7Router:
    def __init__(self, routes):
        self.rules = {}
        for host, prefix, pool in routes:
            if not isinstance(prefix, str) or not prefix.startswith("/"):
                raise ValueError("bad prefix")
            key = (None if host is None else host.lower(), tuple(s for s in prefix.split("/") if s))
            if key in self.rules:
                raise ValueError("duplicate")
            self.rules[key] = pool

    def _best(self, host, segments):
        best = None
        for (h, prefix), pool in self.rules.items():
            if h == host and segments[:len(prefix)] == prefix and (best is None or len(prefix) > best[0]):
                best = (len(prefix), pool)
        return best

    def route(self, host, path):
        segments = tuple(s for s in path.split("?")[0].split("/") if s)
        best = self._best(host.split(":")[0].lower(), segments) or self._best(None, segments)
        if best is None:
            raise LookupError(path)
        return best[1]
