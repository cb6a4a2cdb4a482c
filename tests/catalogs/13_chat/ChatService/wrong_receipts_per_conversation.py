# fails: test-chat-receipts :: a receipt is about the message's recipient: the sender's acks do not count
import json
import time


class ChatService:
    """Receipts kept per conversation, not per recipient: anyone's ack (the sender's too) counts."""

    def __init__(self, redis, gateways, push, clock=time.time, prefix="chat"):
        self.redis = redis
        self.gateways = gateways
        self.push = push
        self.clock = clock
        self.prefix = prefix

    def connect(self, user, gateway):
        self.redis.hset(self._key("registry"), user, gateway)
        inbox = self._key("inbox", user)
        waiting = self.redis.lrange(inbox, 0, -1)
        if not waiting:
            return 0
        self.gateways[gateway].deliver({user: [json.loads(m) for m in waiting]})
        self.redis.ltrim(inbox, len(waiting), -1)
        return len(waiting)

    def disconnect(self, user, gateway):
        if self.gateway_of(user) == gateway:
            self.redis.hdel(self._key("registry"), user)

    def gateway_of(self, user):
        gateway = self.redis.hget(self._key("registry"), user)
        return gateway.decode() if isinstance(gateway, bytes) else gateway

    def send(self, sender, recipient, text):
        conversation = ":".join(sorted([sender, recipient]))
        seq = self.redis.incr(self._key("seq", conversation))
        message = {"conversation": conversation, "seq": seq, "sender": sender, "recipient": recipient,
                   "text": text, "sent_at": self.clock()}
        data = json.dumps(message)
        self.redis.zadd(self._key("messages", conversation), {data: seq})
        gateway = self.gateway_of(recipient)
        if gateway is not None:
            try:
                self.gateways[gateway].deliver({recipient: [message]})
                return message
            except ConnectionError:
                self.disconnect(recipient, gateway)
        self.redis.rpush(self._key("inbox", recipient), data)
        self.push.notify(recipient, message)
        return message

    def history(self, conversation, limit=20, before=None):
        top = "+inf" if before is None else f"({before}"
        newest = self.redis.zrevrangebyscore(self._key("messages", conversation), top, "-inf", start=0, num=limit)
        return [json.loads(m) for m in reversed(newest)]

    def _raise(self, key, seq):
        self.redis.eval("if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then "
                        "redis.call('SET', KEYS[1], ARGV[1]) end", 1, key, seq)

    def ack(self, user, conversation, seq, status):
        if status not in ("delivered", "read"):
            raise ValueError(status)
        self._check_seq(conversation, seq)
        self._raise(self._key("delivered", conversation), seq)
        if status == "read":
            self._raise(self._key("read", conversation), seq)

    def receipt(self, conversation, seq):
        self._check_seq(conversation, seq)
        if int(self.redis.get(self._key("read", conversation)) or 0) >= seq:
            return "read"
        if int(self.redis.get(self._key("delivered", conversation)) or 0) >= seq:
            return "delivered"
        return "sent"

    def _key(self, *parts):
        return ":".join((self.prefix,) + parts)

    def _check_seq(self, conversation, seq):
        last = int(self.redis.get(self._key("seq", conversation)) or 0)
        if not 1 <= seq <= last:
            raise ValueError(seq)
