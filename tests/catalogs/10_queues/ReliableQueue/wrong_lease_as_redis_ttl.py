# fails: test-reliable-queue-atomic :: two workers take back expired leases at the same time: each message is delivered once more, not twice
# fails: test-reliable-queue-dead-letter :: a dead message is never delivered again, and cannot be acked
# fails: test-reliable-queue-dead-letter :: a message that succeeds on a later attempt is not dead
# fails: test-reliable-queue-dead-letter :: a poison message does not block the others
# fails: test-reliable-queue-dead-letter :: a poison message is delivered max_attempts times, then dead-lettered
# fails: test-reliable-queue-dead-letter :: attempt numbers run up to max_attempts
# fails: test-reliable-queue-dead-letter :: dead letters keep their order and their bodies (decode_responses=False)
# fails: test-reliable-queue-dead-letter :: max_attempts=1: dead after the first expired lease
# fails: test-reliable-queue-leases :: a worker crashes mid-message: process() raises, and after the lease another worker gets it
# fails: test-reliable-queue-leases :: an expired lease is delivered again, as attempt 2 (lease 30 s on the injected clock)
# fails: test-reliable-queue-leases :: an expired message goes back to the front of the queue
# fails: test-reliable-queue-leases :: attempts are counted per message
# fails: test-reliable-queue-leases :: each lease runs from its own get()
# fails: test-reliable-queue-leases :: one get() takes back every expired lease
# fails: test-reliable-queue-leases :: the injected clock is the only clock (here it starts at 1000.0, lease 7.5 s)
"""Wrong: the lease is a Redis key with a TTL (SET lease:<id> PX ...), and a message counts as
expired when that key is gone: Redis's clock decides, not the injected one."""
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
            local expired = {}
            for _, leased in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
                if redis.call('EXISTS', KEYS[2] .. ':' .. leased) == 0 then
                    expired[#expired + 1] = leased
                end
            end
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
            redis.call('SET', KEYS[2] .. ':' .. id, '1', 'PX', math.floor(lease * 1000))
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
