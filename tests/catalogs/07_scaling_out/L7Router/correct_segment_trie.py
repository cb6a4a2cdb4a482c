"""Correct: one trie of path segments per host; the deepest node with a pool on the way down wins."""


class L7Router:
    def __init__(self, routes):
        self.tries = {}
        for host, prefix, pool in routes:
            if not isinstance(prefix, str) or prefix[:1] != "/":
                raise ValueError(f"bad prefix {prefix!r}")
            node = self.tries.setdefault(host.lower() if host is not None else None, {})
            for segment in filter(None, prefix.split("/")):
                node = node.setdefault(("seg", segment), {})
            if "pool" in node:
                raise ValueError(f"duplicate route {host!r} {prefix!r}")
            node["pool"] = pool

    def route(self, host, path):
        name = host.lower().rsplit(":", 1)[0] if ":" in host else host.lower()
        node = self.tries.get(name, self.tries.get(None))
        if node is None:
            raise LookupError("no rules")
        found = node.get("pool", LookupError)
        for segment in filter(None, path.partition("?")[0].split("/")):
            node = node.get(("seg", segment))
            if node is None:
                break
            found = node.get("pool", found)
        if found is LookupError:
            raise LookupError(f"404 {host}{path}")
        return found
