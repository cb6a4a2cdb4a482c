"""Correct: heartbeats in a sorted set (score = the time of the last poll), the dead found with
ZRANGEBYSCORE, and the reclaim as an optimistic transaction: WATCH the heartbeats, read the
dead consumers' pending entries, then XCLAIM, XGROUP DELCONSUMER and ZREM in one MULTI/EXEC.
Another reclaimer that gets there first changes the heartbeats, so our EXEC aborts and we look
again (and find nobody dead)."""
import time

import redis as redis_module


class StreamWorker:
    def __init__(self, redis, stream, group, consumer, lease=30.0, clock=time.time):
        if lease <= 0:
            raise ValueError("lease must be > 0")
        self.r, self.stream, self.group, self.me = redis, stream, group, consumer
        self.lease, self.clock = lease, clock
        self.beats = f"heartbeats:{{{stream}}}:{group}"
        try:
            self.r.xgroup_create(stream, group, id="0", mkstream=True)
        except redis_module.ResponseError as exc:
            if not str(exc).startswith("BUSYGROUP"):
                raise

    @staticmethod
    def _s(value):
        return value.decode() if isinstance(value, bytes) else value

    def _beat(self, pipe=None):
        (pipe or self.r).zadd(self.beats, {self.me: self.clock()})

    def poll(self, handler, count=10):
        self._beat()
        mine = self.r.xreadgroup(self.group, self.me, {self.stream: "0"}, count=count)
        batch = mine[0][1] if mine and mine[0][1] else []
        if not batch:
            new = self.r.xreadgroup(self.group, self.me, {self.stream: ">"}, count=count)
            batch = new[0][1] if new else []
        for entry_id, fields in batch:
            handler(self._s(entry_id), {self._s(k): self._s(v) for k, v in (fields or {}).items()})
            self.r.xack(self.stream, self.group, entry_id)
        return len(batch)

    def reclaim(self):
        while True:
            with self.r.pipeline() as pipe:
                try:
                    pipe.watch(self.beats)
                    now = self.clock()
                    dead = [self._s(c) for c in pipe.zrangebyscore(self.beats, "-inf", now - self.lease)]
                    dead = [c for c in dead if c != self.me]
                    claims = {}
                    for consumer in dead:
                        rows = pipe.xpending_range(self.stream, self.group, "-", "+", 1_000_000, consumername=consumer)
                        claims[consumer] = [self._s(row["message_id"]) for row in rows]
                    pipe.multi()
                    pipe.zadd(self.beats, {self.me: now})
                    for consumer, ids in claims.items():
                        if ids:
                            pipe.xclaim(self.stream, self.group, self.me, 0, ids, justid=True)
                        pipe.xgroup_delconsumer(self.stream, self.group, consumer)
                        pipe.zrem(self.beats, consumer)
                    pipe.execute()
                except redis_module.WatchError:
                    continue
            ids = [i for batch in claims.values() for i in batch]
            return sorted(ids, key=lambda i: tuple(map(int, i.split("-"))))
