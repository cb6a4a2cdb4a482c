"""Correct: optimistic transactions instead of Lua. Each operation WATCHes the keys it reads,
decides in Python, and writes in MULTI/EXEC; a concurrent change aborts the EXEC (WatchError)
and the operation starts again."""
import time

import redis as redis_module


class ReliableQueue:
    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        if not lease > 0:
            raise ValueError(f"lease must be > 0, got {lease!r}")
        if type(max_attempts) is not int or max_attempts < 1:
            raise ValueError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
        self.redis, self.lease, self.max_attempts, self.clock = redis, lease, max_attempts, clock
        self.ready, self.leases, self.bodies = f"{name}/ready", f"{name}/leases", f"{name}/bodies"
        self.tries, self.dead, self.ids = f"{name}/tries", f"{name}/dead", f"{name}/next-id"

    @staticmethod
    def _text(v):
        return v.decode() if isinstance(v, bytes) else v

    def put(self, body):
        message_id = str(self.redis.incr(self.ids))       # an id nobody else gets, even if we die now
        with self.redis.pipeline() as pipe:               # MULTI/EXEC: body and queue entry together
            pipe.hset(self.bodies, message_id, body)
            pipe.rpush(self.ready, message_id)
            pipe.execute()
        return message_id

    def get(self):
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(self.ready, self.leases, self.tries)
                    now = self.clock()
                    expired = [self._text(i) for i in pipe.zrangebyscore(self.leases, "-inf", now)]
                    tries = {i: int(pipe.hget(self.tries, i) or 0) for i in expired}
                    head = pipe.lindex(self.ready, 0)
                    back = [i for i in expired if tries[i] < self.max_attempts]
                    chosen = back[0] if back else (self._text(head) if head is not None else None)
                    pipe.multi()
                    for i in expired:
                        pipe.zrem(self.leases, i)
                        if tries[i] >= self.max_attempts:
                            pipe.rpush(self.dead, i)
                    if back[1:]:
                        pipe.lpush(self.ready, *reversed(back[1:]))
                    if chosen is None:
                        pipe.execute()
                        return None
                    if not back:
                        pipe.lpop(self.ready)
                    pipe.hincrby(self.tries, chosen, 1)
                    pipe.zadd(self.leases, {chosen: now + self.lease})
                    pipe.hget(self.bodies, chosen)
                    results = pipe.execute()
                    return chosen, self._text(results[-1]), int(results[-3])
                except redis_module.WatchError:
                    continue

    def ack(self, message_id):
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(self.leases)
                    if pipe.zscore(self.leases, message_id) is None:
                        pipe.unwatch()
                        return False
                    pipe.multi()
                    pipe.zrem(self.leases, message_id)
                    pipe.hdel(self.bodies, message_id)
                    pipe.hdel(self.tries, message_id)
                    pipe.execute()
                    return True
                except redis_module.WatchError:
                    continue

    def process(self, handler):
        delivery = self.get()
        if delivery is None:
            return False
        handler(delivery[0], delivery[1])
        self.ack(delivery[0])
        return True

    def counts(self):
        with self.redis.pipeline() as pipe:
            ready, leased, dead = pipe.llen(self.ready).zcard(self.leases).llen(self.dead).execute()
        return {"ready": ready, "leased": leased, "dead": dead}

    def dead_letters(self):
        ids = [self._text(i) for i in self.redis.lrange(self.dead, 0, -1)]
        return [(i, self._text(self.redis.hget(self.bodies, i))) for i in ids]
