"""Correct: the Redis documentation's pattern, LMOVE into a processing LIST, with each lease's
deadline in a hash; one Lua script per operation; a message's body and delivery count live
in one hash per message."""
import time


class ReliableQueue:
    GET = """
        local ready, processing, deadlines, dead = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local now, lease, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local prefix = ARGV[4]
        for _, id in ipairs(redis.call('LRANGE', processing, 0, -1)) do
            local deadline = tonumber(redis.call('HGET', deadlines, id))
            if deadline <= now then
                redis.call('LREM', processing, 1, id)
                redis.call('HDEL', deadlines, id)
                if tonumber(redis.call('HGET', prefix .. id, 'deliveries')) >= max then
                    redis.call('RPUSH', dead, id)
                else
                    redis.call('LPUSH', ready, id)
                end
            end
        end
        local id = redis.call('LMOVE', ready, processing, 'LEFT', 'RIGHT')
        if not id then
            return nil
        end
        redis.call('HSET', deadlines, id, tostring(now + lease))
        local n = redis.call('HINCRBY', prefix .. id, 'deliveries', 1)
        return {id, redis.call('HGET', prefix .. id, 'body'), n}
    """
    PUT = """
        local id = redis.call('INCR', KEYS[2])
        redis.call('HSET', ARGV[2] .. id, 'body', ARGV[1], 'deliveries', 0)
        redis.call('RPUSH', KEYS[1], id)
        return id
    """
    ACK = """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
            return 0
        end
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('DEL', ARGV[2] .. ARGV[1])
        return 1
    """

    def __init__(self, redis, name, lease=30.0, max_attempts=3, clock=time.time):
        if not (isinstance(lease, (int, float)) and lease > 0):
            raise ValueError("lease must be a positive number of seconds")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ValueError("max_attempts must be an int >= 1")
        self.r, self.name, self.lease, self.max, self.clock = redis, name, lease, max_attempts, clock
        self.ready, self.processing = f"{name}:ready", f"{name}:processing"
        self.deadlines, self.dead, self.seq = f"{name}:deadlines", f"{name}:dead", f"{name}:seq"
        self.message_prefix = f"{name}:message:"
        self._get = redis.register_script(self.GET)
        self._put = redis.register_script(self.PUT)
        self._ack = redis.register_script(self.ACK)

    @staticmethod
    def _str(value):
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def put(self, body):
        return str(self._put(keys=[self.ready, self.seq], args=[body, self.message_prefix]))

    def get(self):
        reply = self._get(keys=[self.ready, self.processing, self.deadlines, self.dead],
                          args=[repr(float(self.clock())), repr(float(self.lease)), self.max, self.message_prefix])
        if reply is None:
            return None
        return self._str(reply[0]), self._str(reply[1]), int(reply[2])

    def ack(self, message_id):
        return bool(self._ack(keys=[self.processing, self.deadlines], args=[message_id, self.message_prefix]))

    def process(self, handler):
        got = self.get()
        if got is None:
            return False
        handler(got[0], got[1])
        self.ack(got[0])
        return True

    def counts(self):
        with self.r.pipeline() as pipe:
            pipe.llen(self.ready).llen(self.processing).llen(self.dead)
            ready, leased, dead = pipe.execute()
        return {"ready": ready, "leased": leased, "dead": dead}

    def dead_letters(self):
        out = []
        for raw in self.r.lrange(self.dead, 0, -1):
            message_id = self._str(raw)
            out.append((message_id, self._str(self.r.hget(self.message_prefix + message_id, "body"))))
        return out
