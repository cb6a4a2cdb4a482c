"""Correct: a heartbeat key per consumer (HB:<stream>:<group>:<consumer>), the group's consumers
listed with XINFO CONSUMERS inside one Lua script that claims the dead ones' entries. poll()
finds its own pending entries with XPENDING and re-reads them with XRANGE (instead of
XREADGROUP ... 0)."""
import time

import redis


class StreamWorker:
    RECLAIM = """
        local stream, group, me = KEYS[1], ARGV[1], ARGV[2]
        local now, lease, prefix = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
        redis.call('SET', prefix .. me, ARGV[3])
        local out = {}
        for _, info in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
            local name
            for i = 1, #info, 2 do
                if info[i] == 'name' then name = info[i + 1] end
            end
            local beat = tonumber(redis.call('GET', prefix .. name))
            if name ~= me and beat ~= nil and now - beat >= lease then
                local rows = redis.call('XPENDING', stream, group, '-', '+', 100000, name)
                for _, row in ipairs(rows) do
                    redis.call('XCLAIM', stream, group, me, 0, row[1], 'JUSTID')
                    out[#out + 1] = row[1]
                end
                redis.call('XGROUP', 'DELCONSUMER', stream, group, name)
                redis.call('DEL', prefix .. name)
            end
        end
        return out
    """

    def __init__(self, redis_client, stream, group, consumer, lease=30.0, clock=time.time):
        if not lease > 0:
            raise ValueError(lease)
        self.redis, self.stream, self.group, self.consumer = redis_client, stream, group, consumer
        self.lease, self.clock = lease, clock
        self.prefix = f"HB:{stream}:{group}:"
        try:
            redis_client.execute_command("XGROUP", "CREATE", stream, group, "0", "MKSTREAM")
        except redis.exceptions.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._reclaim = redis_client.register_script(self.RECLAIM)

    @staticmethod
    def _text(v):
        return v.decode("utf-8") if isinstance(v, bytes) else v

    def poll(self, handler, count=10):
        self.redis.set(self.prefix + self.consumer, repr(self.clock()))
        rows = self.redis.xpending_range(self.stream, self.group, "-", "+", count, consumername=self.consumer)
        entries = []
        for row in rows:
            found = self.redis.xrange(self.stream, row["message_id"], row["message_id"])
            entries.append(found[0] if found else (row["message_id"], {}))
        if not entries:
            reply = self.redis.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=count)
            entries = reply[0][1] if reply else []
        handled = 0
        for entry_id, fields in entries:
            handler(self._text(entry_id), {self._text(k): self._text(v) for k, v in fields.items()})
            self.redis.xack(self.stream, self.group, entry_id)
            handled += 1
        return handled

    def reclaim(self):
        ids = self._reclaim(keys=[self.stream], args=[self.group, self.consumer, repr(self.clock()),
                                                      repr(self.lease), self.prefix])
        ids = [self._text(i) for i in ids]
        ids.sort(key=lambda i: [int(part) for part in i.split("-")])
        return ids
