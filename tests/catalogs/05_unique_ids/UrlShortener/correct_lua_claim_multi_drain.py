"""Correct, built another way: aliases claimed by a Lua script (EXISTS + SET in one atomic step),
generated codes by SET NX, a FIFO local cache in a plain dict, click events LPUSHed onto a
list and drained from its other end with LRANGE + LTRIM inside one MULTI/EXEC, totals as one
string key per code (INCRBY)."""
CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
"""


def _str(value):
    return value if isinstance(value, str) else value.decode("utf-8")


class UrlShortener:
    def __init__(self, redis, ids, cache_size=1024):
        self.r = redis
        self.ids = ids
        self.limit = cache_size
        self.local = {}
        self.claim = redis.register_script(CLAIM)

    def create(self, url, alias=None):
        if not (isinstance(url, str) and (url.startswith("http://") or url.startswith("https://"))):
            raise ValueError("bad url")
        if alias is None:
            while True:
                code = base62_encode(self.ids.next_id())
                if self.r.set("link:" + code, url, nx=True):
                    return code
        ok = isinstance(alias, str) and 0 < len(alias) <= 32 and all(
            c.isascii() and (c.isalnum() or c in "-_") for c in alias)
        if not ok:
            raise ValueError("bad alias")
        if self.claim(keys=["link:" + alias], args=[url]) != 1:
            raise AliasTakenError(alias)
        return alias

    def resolve(self, code):
        if code in self.local:
            url = self.local[code]
        else:
            raw = self.r.get("link:" + code)
            if raw is None:
                return None
            url = _str(raw)
            if self.limit:
                if len(self.local) >= self.limit:
                    del self.local[next(iter(self.local))]     # FIFO eviction
                self.local[code] = url
        self.r.lpush("events:clicks", code)
        return url

    def drain_clicks(self, max_items=1000):
        pipe = self.r.pipeline(transaction=True)
        pipe.lrange("events:clicks", -max_items, -1)
        pipe.ltrim("events:clicks", 0, -max_items - 1)
        events, _ = pipe.execute()
        for code, n in Counter(_str(e) for e in events).items():
            self.r.incrby("clicks:" + code, n)
        return len(events)

    def clicks(self, code):
        return int(self.r.get("clicks:" + code) or 0)
