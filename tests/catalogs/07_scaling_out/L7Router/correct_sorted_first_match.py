"""Correct: rules sorted by prefix length, longest first; the first rule that matches wins."""


def _segments(text):
    return [s for s in text.split("/") if s != ""]


class L7Router:
    def __init__(self, routes):
        seen = set()
        self.rules = []
        for host, prefix, pool in routes:
            if not (isinstance(prefix, str) and prefix.startswith("/")):
                raise ValueError("prefixes start with /")
            h = None if host is None else host.casefold()
            segs = _segments(prefix)
            key = (h, "/".join(segs))
            if key in seen:
                raise ValueError("duplicate route")
            seen.add(key)
            self.rules.append((h, segs, pool))
        self.rules.sort(key=lambda rule: -len(rule[1]))

    def route(self, host, path):
        h = host.split(":")[0].casefold()
        if not any(rule[0] == h for rule in self.rules):
            h = None
        segs = _segments(path.split("?", 1)[0])
        for rule_host, prefix, pool in self.rules:
            if rule_host == h and segs[:len(prefix)] == prefix:
                return pool
        raise LookupError(path)
