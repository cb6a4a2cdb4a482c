# fails: test-stream-worker-race :: two workers reclaim a dead consumer at once, steps interleaved: each entry goes to one of them
# fails: test-stream-worker-race :: two workers reclaiming, other interleavings
"""Wrong: reclaim() in separate round trips (HGETALL the heartbeats, XPENDING, XCLAIM with
min-idle-time 0, XGROUP DELCONSUMER): two workers that reclaim at once both read the dead
consumer's entries, and the second XCLAIM takes them from the first."""
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
        """Claim every pending entry of the dead consumers: their ids."""
        text = lambda v: v.decode() if isinstance(v, bytes) else v
        now = self.clock()
        beats = {text(k): float(v) for k, v in self.redis.hgetall(self.heartbeats).items()}
        self.redis.hset(self.heartbeats, self.consumer, repr(float(now)))
        claimed = []
        for name, beat in beats.items():
            if name == self.consumer or now - beat < self.lease:
                continue
            rows = self.redis.xpending_range(self.stream, self.group, "-", "+", 100_000, consumername=name)
            ids = [row["message_id"] for row in rows]
            if ids:
                self.redis.xclaim(self.stream, self.group, self.consumer, 0, ids, justid=True)
                claimed += [text(i) for i in ids]
            self.redis.xgroup_delconsumer(self.stream, self.group, name)
            self.redis.hdel(self.heartbeats, name)
        return sorted(claimed, key=lambda i: tuple(int(p) for p in i.split("-")))
