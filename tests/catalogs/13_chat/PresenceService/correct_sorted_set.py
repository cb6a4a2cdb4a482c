import time


class PresenceService:
    """Online-until times in one sorted set (score = until), last seen in a hash; ZMSCORE for online()."""

    def __init__(self, redis, timeout=30.0, clock=time.time, prefix="presence"):
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.r = redis
        self.timeout = float(timeout)
        self.clock = clock
        self.until = prefix + ":online-until"
        self.seen = prefix + ":last-seen"

    def _mark(self, user, until, now):
        with self.r.pipeline(transaction=True) as pipe:
            pipe.zadd(self.until, {user: until})
            pipe.hset(self.seen, user, repr(now))
            pipe.execute()

    def heartbeat(self, user):
        now = self.clock()
        self._mark(user, now + self.timeout, now)

    def disconnect(self, user):
        now = self.clock()
        self._mark(user, now, now)

    def is_online(self, user):
        score = self.r.zscore(self.until, user)
        if score is None:
            return False
        return bool(self.clock() < score)

    def last_seen(self, user):
        raw = self.r.hget(self.seen, user)
        if raw is None:
            return None
        return float(raw.decode() if isinstance(raw, bytes) else raw)

    def online(self, users):
        users = list(users)
        if len(users) == 0:
            return []
        scores = self.r.zmscore(self.until, users)
        now = self.clock()
        return [user for user, score in zip(users, scores) if score is not None and now < score]
