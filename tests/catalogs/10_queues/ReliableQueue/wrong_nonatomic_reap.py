# fails: test-reliable-queue-atomic :: two workers take back expired leases at the same time: each message is delivered once more, not twice
"""Wrong: taking a message is one atomic script, but expired leases are taken back in separate
round trips (ZRANGEBYSCORE, then ZREM and LPUSH per message, ignoring what ZREM answered): two
workers reaping at once both push the same expired message back, and it is delivered twice."""
import time


class ReliableQueue:

    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        """Validate; keep the client, the settings and the clock; prepare the scripts."""
        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        if type(max_attempts) is not int or max_attempts < 1:
            raise ValueError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
        self.redis = redis
        self.name = name
        self.lease = lease
        self.max_attempts = max_attempts
        self.clock = clock
        self.keys = [f"{name}:ready", f"{name}:leases", f"{name}:bodies", f"{name}:attempts",
                     f"{name}:dead", f"{name}:ids"]
        self._put = redis.register_script("""
            local id = redis.call('INCR', KEYS[6])
            redis.call('HSET', KEYS[3], id, ARGV[1])
            redis.call('RPUSH', KEYS[1], id)
            return id
        """)
        self._get = redis.register_script("""
            local now, lease, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
            for i = #expired, 1, -1 do
                local id = expired[i]
                redis.call('ZREM', KEYS[2], id)
                if tonumber(redis.call('HGET', KEYS[4], id) or '0') >= max then
                    redis.call('RPUSH', KEYS[5], id)
                else
                    redis.call('LPUSH', KEYS[1], id)
                end
            end
            local id = redis.call('LPOP', KEYS[1])
            if not id then
                return false
            end
            local attempt = redis.call('HINCRBY', KEYS[4], id, 1)
            redis.call('ZADD', KEYS[2], now + lease, id)
            return {id, redis.call('HGET', KEYS[3], id), attempt}
        """)
        self._ack = redis.register_script("""
            if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then
                return 0
            end
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[4], ARGV[1])
            return 1
        """)

    def put(self, body):
        """Enqueue `body` (a str) at the back of the queue; return its new id (a str)."""
        return str(int(self._put(keys=self.keys, args=[body])))

    def get(self):
        """Take back expired leases, then lease the oldest ready message: (id, body, attempt) or None."""
        ready, leases, bodies, attempts, dead, _ = self.keys
        for expired in self.redis.zrangebyscore(leases, "-inf", self.clock()):
            self.redis.zrem(leases, expired)
            if int(self.redis.hget(attempts, expired) or 0) >= self.max_attempts:
                self.redis.rpush(dead, expired)
            else:
                self.redis.lpush(ready, expired)
        reply = self._get(keys=self.keys, args=[repr(float(self.clock())), repr(float(self.lease)),
                                                self.max_attempts])
        if not reply:
            return None
        message_id, body, attempt = reply
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        return text(message_id), text(body), int(attempt)

    def ack(self, message_id):
        """The message is done: True if it was leased, False otherwise."""
        return self._ack(keys=self.keys, args=[message_id]) == 1

    def process(self, handler):
        """Lease one message, call handler(message_id, body), then ack it; False if none was ready."""
        delivery = self.get()
        if delivery is None:
            return False
        message_id, body, _ = delivery
        handler(message_id, body)
        self.ack(message_id)
        return True

    def counts(self):
        """{"ready": n, "leased": n, "dead": n}, read in one transaction."""
        pipe = self.redis.pipeline()
        pipe.llen(self.keys[0])
        pipe.zcard(self.keys[1])
        pipe.llen(self.keys[4])
        ready, leased, dead = pipe.execute()
        return {"ready": ready, "leased": leased, "dead": dead}

    def dead_letters(self):
        """[(message_id, body)] of the dead-letter list, in the order the messages died."""
        ids = self.redis.lrange(self.keys[4], 0, -1)
        if not ids:
            return []
        bodies = self.redis.hmget(self.keys[2], ids)
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        return [(text(i), text(b)) for i, b in zip(ids, bodies)]
