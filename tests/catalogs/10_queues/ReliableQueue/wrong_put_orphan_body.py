# fails: test-reliable-queue-atomic :: a producer whose connection dies after any number of commands: the message is whole or absent
"""Wrong: put() is three round trips in the "safe" order (INCR, HSET the body, RPUSH the id): no
worker ever sees half a message, but a producer that dies after the HSET leaves a body in Redis
that is never delivered and never deleted."""
import time


class ReliableQueue:
    """A work queue on Redis: leases on the injected clock, redelivery, a dead-letter list.

    TODO: implement every method following the contract above.

    APPROACH:
        Keys (all under `name`): a list of ready ids, a sorted set of leased ids scored by
        their lease deadline (the "processing set"), hashes of bodies and of delivery
        counts, a list of dead ids, and a counter for new ids (INCR).
        put      one Lua script (or MULTI/EXEC): id = INCR; HSET bodies; RPUSH ready.
        get      ONE Lua script, so no other worker can run between its steps:
                   1. every leased id with deadline <= now: ZREM it; if it was delivered
                      max_attempts times RPUSH it to dead, else LPUSH it back to ready;
                   2. LPOP ready (nil: return nothing); HINCRBY its delivery count;
                      ZADD leases now + lease; return {id, body, count}.
        ack      ZREM from the leases (1: it was leased): then forget its body and count.
        process  get(); handler(message_id, body); ack(message_id). If the handler
                 raises, let it propagate: the lease expires and another worker gets it.
        Time is self.clock() passed to the script (never Redis's TIME or a TTL).
        Replies are bytes with decode_responses=False: decode ids and bodies to str.

    EXAMPLE:
        >>> clock = FakeClock(1_700_000_000.0)
        >>> q = ReliableQueue(make_redis(), "jobs", lease=30, clock=clock)
        >>> q.put("resize photo 7")
        '1'
        >>> q.get()
        ('1', 'resize photo 7', 1)
        >>> clock.advance(30); q.get()          # the lease expired: delivered again
        ('1', 'resize photo 7', 2)
    """

    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        """Validate; keep the client, the settings and the clock; prepare the scripts."""
        ### BEGIN SOLUTION
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
        ### END SOLUTION

    def put(self, body):
        """Enqueue `body` (a str) at the back of the queue; return its new id (a str)."""
        ### BEGIN SOLUTION
        mid = str(int(self.redis.incr(self.keys[5])))
        self.redis.hset(self.keys[2], mid, body)
        self.redis.rpush(self.keys[0], mid)
        return mid
        ### END SOLUTION

    def get(self):
        """Take back expired leases, then lease the oldest ready message: (id, body, attempt) or None."""
        ### BEGIN SOLUTION
        reply = self._get(keys=self.keys, args=[repr(float(self.clock())), repr(float(self.lease)),
                                                self.max_attempts])
        if not reply:
            return None
        message_id, body, attempt = reply
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        return text(message_id), text(body), int(attempt)
        ### END SOLUTION

    def ack(self, message_id):
        """The message is done: True if it was leased, False otherwise."""
        ### BEGIN SOLUTION
        return self._ack(keys=self.keys, args=[message_id]) == 1
        ### END SOLUTION

    def process(self, handler):
        """Lease one message, call handler(message_id, body), then ack it; False if none was ready."""
        ### BEGIN SOLUTION
        delivery = self.get()
        if delivery is None:
            return False
        message_id, body, _ = delivery
        handler(message_id, body)
        self.ack(message_id)
        return True
        ### END SOLUTION

    def counts(self):
        """{"ready": n, "leased": n, "dead": n}, read in one transaction."""
        ### BEGIN SOLUTION
        pipe = self.redis.pipeline()
        pipe.llen(self.keys[0])
        pipe.zcard(self.keys[1])
        pipe.llen(self.keys[4])
        ready, leased, dead = pipe.execute()
        return {"ready": ready, "leased": leased, "dead": dead}
        ### END SOLUTION

    def dead_letters(self):
        """[(message_id, body)] of the dead-letter list, in the order the messages died."""
        ### BEGIN SOLUTION
        ids = self.redis.lrange(self.keys[4], 0, -1)
        if not ids:
            return []
        bodies = self.redis.hmget(self.keys[2], ids)
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        return [(text(i), text(b)) for i, b in zip(ids, bodies)]
        ### END SOLUTION