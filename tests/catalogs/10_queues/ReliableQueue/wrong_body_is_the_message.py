# fails: test-reliable-queue-basics :: two messages with the same body are two messages
"""Wrong: the body is the message's identity (the list and the lease set hold bodies, and put()
returns the body as the id), so two messages with the same body collapse into one lease."""
import time


class ReliableQueue:
    GET = """
        local now, lease, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
        for i = #expired, 1, -1 do
            local body = expired[i]
            redis.call('ZREM', KEYS[2], body)
            if tonumber(redis.call('HGET', KEYS[3], body) or '0') >= max then
                redis.call('RPUSH', KEYS[4], body)
            else
                redis.call('LPUSH', KEYS[1], body)
            end
        end
        local body = redis.call('LPOP', KEYS[1])
        if not body then
            return false
        end
        local attempt = redis.call('HINCRBY', KEYS[3], body, 1)
        redis.call('ZADD', KEYS[2], now + lease, body)
        return {body, attempt}
    """

    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        if not lease > 0 or type(max_attempts) is not int or max_attempts < 1:
            raise ValueError("bad settings")
        self.redis, self.lease, self.max_attempts, self.clock = redis, lease, max_attempts, clock
        self.keys = [f"{name}:ready", f"{name}:leases", f"{name}:attempts", f"{name}:dead"]
        self._get = redis.register_script(self.GET)

    @staticmethod
    def _text(v):
        return v.decode() if isinstance(v, bytes) else v

    def put(self, body):
        self.redis.rpush(self.keys[0], body)
        return body

    def get(self):
        reply = self._get(keys=self.keys, args=[repr(float(self.clock())), repr(float(self.lease)), self.max_attempts])
        if not reply:
            return None
        body = self._text(reply[0])
        return body, body, int(reply[1])

    def ack(self, message_id):
        with self.redis.pipeline() as pipe:
            removed, _ = pipe.zrem(self.keys[1], message_id).hdel(self.keys[2], message_id).execute()
        return removed == 1

    def process(self, handler):
        delivery = self.get()
        if delivery is None:
            return False
        handler(delivery[0], delivery[1])
        self.ack(delivery[0])
        return True

    def counts(self):
        with self.redis.pipeline() as pipe:
            ready, leased, dead = pipe.llen(self.keys[0]).zcard(self.keys[1]).llen(self.keys[3]).execute()
        return {"ready": ready, "leased": leased, "dead": dead}

    def dead_letters(self):
        return [(self._text(b), self._text(b)) for b in self.redis.lrange(self.keys[3], 0, -1)]
