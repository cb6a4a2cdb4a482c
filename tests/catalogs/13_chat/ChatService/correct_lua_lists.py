import json
import time

APPEND = """
local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return seq
"""

RAISE = """
local function raise(field, seq)
  local old = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  if seq > old then redis.call('HSET', KEYS[1], field, seq) end
end
local seq = tonumber(ARGV[2])
raise('d:' .. ARGV[1], seq)
if ARGV[3] == 'read' then raise('r:' .. ARGV[1], seq) end
return 1
"""


class ChatService:
    """Routes as string keys; the log is a list appended by a Lua script together with INCR (so the
    list position is seq - 1); receipts as a hash of watermarks raised by a Lua script; inboxes hold
    (conversation, seq) references resolved from the log."""

    def __init__(self, redis, gateways, push, clock=time.time, prefix="chat"):
        self.r = redis
        self.gateways = gateways
        self.push = push
        self.clock = clock
        self.p = prefix
        self.append = redis.register_script(APPEND)
        self.raise_ = redis.register_script(RAISE)

    @staticmethod
    def _text(value):
        return value.decode() if isinstance(value, bytes) else value

    def _route(self, user):
        return f"{self.p}:route:{user}"

    def connect(self, user, gateway):
        self.r.set(self._route(user), gateway)
        refs = self.r.lrange(f"{self.p}:inbox:{user}", 0, -1)
        if len(refs) == 0:
            return 0
        messages = []
        for ref in refs:
            conversation, seq = self._text(ref).rsplit("|", 1)
            messages.append(self._load(conversation, int(seq)))
        self.gateways[gateway].deliver({user: messages})
        self.r.ltrim(f"{self.p}:inbox:{user}", len(refs), -1)
        return len(messages)

    def disconnect(self, user, gateway):
        if self.gateway_of(user) == gateway:
            self.r.delete(self._route(user))

    def gateway_of(self, user):
        value = self.r.get(self._route(user))
        return None if value is None else self._text(value)

    def _load(self, conversation, seq):
        raw = self.r.lindex(f"{self.p}:log:{conversation}", seq - 1)
        stored = json.loads(raw)
        return {"conversation": conversation, "seq": seq, "sender": stored["sender"],
                "recipient": stored["recipient"], "text": stored["text"], "sent_at": stored["sent_at"]}

    def send(self, sender, recipient, text):
        conversation = ":".join(sorted([sender, recipient]))
        sent_at = self.clock()
        body = json.dumps({"sender": sender, "recipient": recipient, "text": text, "sent_at": sent_at})
        seq = int(self.append(keys=[f"{self.p}:seq:{conversation}", f"{self.p}:log:{conversation}"], args=[body]))
        message = {"conversation": conversation, "seq": seq, "sender": sender, "recipient": recipient,
                   "text": text, "sent_at": sent_at}
        route = self.gateway_of(recipient)
        delivered = False
        if route is not None:
            try:
                self.gateways[route].deliver({recipient: [message]})
                delivered = True
            except ConnectionError:
                self.disconnect(recipient, route)
        if not delivered:
            self.r.rpush(f"{self.p}:inbox:{recipient}", f"{conversation}|{seq}")
            self.push.notify(recipient, message)
        return message

    def history(self, conversation, limit=20, before=None):
        last = int(self.r.llen(f"{self.p}:log:{conversation}"))
        top = last if before is None else min(last, before - 1)
        if top < 1:
            return []
        first = max(1, top - limit + 1)
        return [self._load(conversation, seq) for seq in range(first, top + 1)]

    def _valid(self, conversation, seq):
        last = int(self.r.get(f"{self.p}:seq:{conversation}") or 0)
        if not (isinstance(seq, int) and 0 < seq <= last):
            raise ValueError(f"no message {seq} in {conversation}")

    def ack(self, user, conversation, seq, status):
        if status != "delivered" and status != "read":
            raise ValueError(status)
        self._valid(conversation, seq)
        self.raise_(keys=[f"{self.p}:rcpt:{conversation}"], args=[user, seq, status])

    def receipt(self, conversation, seq):
        self._valid(conversation, seq)
        recipient = self._load(conversation, seq)["recipient"]
        delivered, read = self.r.hmget(f"{self.p}:rcpt:{conversation}", [f"d:{recipient}", f"r:{recipient}"])
        if read is not None and int(read) >= seq:
            return "read"
        if delivered is not None and int(delivered) >= seq:
            return "delivered"
        return "sent"
