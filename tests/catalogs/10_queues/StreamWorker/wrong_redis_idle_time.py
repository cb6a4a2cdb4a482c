# fails: test-stream-worker-race :: two workers reclaim a dead consumer at once, steps interleaved: each entry goes to one of them
# fails: test-stream-worker-race :: two workers reclaiming, other interleavings
# fails: test-stream-worker-reclaim :: a consumer that polled recently is alive: its entries stay with it
# fails: test-stream-worker-reclaim :: a dead consumer with 150 pending entries: each is claimed once
# fails: test-stream-worker-reclaim :: a dead consumer with nothing pending is removed; a worker never reclaims from itself
# fails: test-stream-worker-reclaim :: after lease seconds without a poll, another worker claims the dead consumer's pending entries
# fails: test-stream-worker-reclaim :: ids are sorted in stream order (9-0 before 10-0), from every dead consumer; decode_responses=False
# fails: test-stream-worker-reclaim :: the injected clock decides (it starts at 1000.0, lease 5 s)
"""Wrong: the textbook recipe, with Redis deciding who is dead: XAUTOCLAIM claims every entry
idle for at least lease seconds BY REDIS'S CLOCK. The injected clock never moves Redis's idle
times, so after "30 seconds" nothing is idle enough; and a live consumer's slow entry would be
claimed too."""
import time


class StreamWorker:

    def __init__(self, redis, stream, group, consumer, lease=30.0, clock=time.time):
        """Validate lease (> 0); create the group at the start of the stream if it does not exist."""
        import redis as redis_module

        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        self.redis, self.stream, self.group, self.consumer = redis, stream, group, consumer
        self.lease, self.clock = lease, clock
        self.heartbeats = f"{stream}:{group}:heartbeats"
        try:
            redis.xgroup_create(stream, group, id="0", mkstream=True)
        except redis_module.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self.script = redis.register_script("""
            local stream, beats = KEYS[1], KEYS[2]
            local group, me = ARGV[1], ARGV[2]
            local now, lease = tonumber(ARGV[3]), tonumber(ARGV[4])
            local all = redis.call('HGETALL', beats)
            redis.call('HSET', beats, me, ARGV[3])
            local claimed = {}
            for i = 1, #all, 2 do
                local name, beat = all[i], tonumber(all[i + 1])
                if name ~= me and now - beat >= lease then
                    local pending = redis.call('XPENDING', stream, group, '-', '+', 1000000, name)
                    local ids = {}
                    for _, entry in ipairs(pending) do
                        ids[#ids + 1] = entry[1]
                    end
                    for first = 1, #ids, 100 do
                        local args = {'XCLAIM', stream, group, me, 0}
                        for j = first, math.min(first + 99, #ids) do
                            args[#args + 1] = ids[j]
                        end
                        args[#args + 1] = 'JUSTID'
                        for _, id in ipairs(redis.call(unpack(args))) do
                            claimed[#claimed + 1] = id
                        end
                    end
                    redis.call('XGROUP', 'DELCONSUMER', stream, group, name)
                    redis.call('HDEL', beats, name)
                end
            end
            return claimed
        """)

    def poll(self, handler, count=10):
        """Handle up to `count` entries, this consumer's pending ones first: handler(entry_id, fields), then XACK."""
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        self.redis.hset(self.heartbeats, self.consumer, repr(float(self.clock())))
        entries = []
        for start in ("0", ">"):
            reply = self.redis.xreadgroup(self.group, self.consumer, {self.stream: start}, count=count)
            entries = reply[0][1] if reply else []
            if entries:
                break
        for entry_id, fields in entries:
            handler(text(entry_id), {text(k): text(v) for k, v in (fields or {}).items()})
            self.redis.xack(self.stream, self.group, entry_id)
        return len(entries)

    def reclaim(self):
        """Claim every pending entry idle for lease seconds (Redis's idle time): their ids."""
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        self.redis.hset(self.heartbeats, self.consumer, repr(float(self.clock())))
        reply = self.redis.xautoclaim(self.stream, self.group, self.consumer, int(self.lease * 1000),
                                      start_id="0-0", count=1000)
        claimed = [entry_id for entry_id, _ in reply[1]]
        return sorted((text(i) for i in claimed), key=lambda i: tuple(int(p) for p in i.split("-")))
