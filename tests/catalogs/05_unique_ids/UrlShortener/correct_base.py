"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
class UrlShortener:

    def __init__(self, redis, ids, cache_size=1024):
        self.redis, self.ids, self.cache_size = (redis, ids, cache_size)
        self._cache = OrderedDict()

    def create(self, url, alias=None):
        if not isinstance(url, str) or not url.startswith(('http://', 'https://')):
            raise ValueError(url)
        if alias is not None:
            if not isinstance(alias, str) or not 1 <= len(alias) <= 32 or (not set(alias) <= ALIAS_CHARACTERS):
                raise ValueError(alias)
            if not self.redis.set(f'link:{alias}', url, nx=True):
                raise AliasTakenError(alias)
            return alias
        while True:
            code = base62_encode(self.ids.next_id())
            if self.redis.set(f'link:{code}', url, nx=True):
                return code

    def resolve(self, code):
        url = self._cache.get(code)
        if url is not None:
            self._cache.move_to_end(code)
        else:
            raw = self.redis.get(f'link:{code}')
            if raw is None:
                return None
            url = raw.decode() if isinstance(raw, bytes) else raw
            if self.cache_size > 0:
                self._cache[code] = url
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        self.redis.rpush('clicks:queue', code)
        return url

    def drain_clicks(self, max_items=1000):
        events = self.redis.lpop('clicks:queue', max_items) or []
        counts = Counter((e.decode() if isinstance(e, bytes) else e for e in events))
        for code, n in counts.items():
            self.redis.hincrby('clicks:total', code, n)
        return len(events)

    def clicks(self, code):
        total = self.redis.hget('clicks:total', code)
        return int(total) if total is not None else 0
