import json
import time

import redis as redis_lib


class ChatService:
    """Messages in a hash per conversation (field = seq); inboxes are Streams (XADD, XRANGE, XDEL);
    receipts are string watermarks raised in WATCH/MULTI/EXEC transactions, retried on conflict."""

    STATES = ("sent", "delivered", "read")

    def __init__(self, redis, gateways, push, clock=time.time, prefix="chat"):
        self.db = redis
        self.gateways = gateways
        self.push = push
        self.clock = clock
        self.prefix = prefix

    def k(self, *parts):
        return self.prefix + ":" + ":".join(str(p) for p in parts)

    def gateway_of(self, user):
        g = self.db.hget(self.k("where"), user)
        if g is None:
            return None
        return g if isinstance(g, str) else g.decode("utf-8")

    def connect(self, user, gateway):
        self.db.hset(self.k("where"), user, gateway)
        entries = self.db.xrange(self.k("inbox", user), "-", "+")
        if not entries:
            return 0
        waiting = [json.loads(fields[b"m" if b"m" in fields else "m"]) for _, fields in entries]
        self.gateways[gateway].deliver({user: waiting})
        self.db.xdel(self.k("inbox", user), *[entry_id for entry_id, _ in entries])
        return len(waiting)

    def disconnect(self, user, gateway):
        current = self.gateway_of(user)
        if current is not None and current == gateway:
            self.db.hdel(self.k("where"), user)

    def send(self, sender, recipient, text):
        a, b = sorted((sender, recipient))
        conversation = f"{a}:{b}"
        seq = int(self.db.incr(self.k("n", conversation)))
        message = dict(conversation=conversation, seq=seq, sender=sender, recipient=recipient, text=text,
                       sent_at=self.clock())
        self.db.hset(self.k("msgs", conversation), seq, json.dumps(message))
        target = self.gateway_of(recipient)
        if target is not None:
            try:
                self.gateways[target].deliver({recipient: [message]})
            except ConnectionError:
                self.disconnect(recipient, target)
            else:
                return message
        self.db.xadd(self.k("inbox", recipient), {"m": json.dumps(message)})
        self.push.notify(recipient, message)
        return message

    def history(self, conversation, limit=20, before=None):
        last = int(self.db.get(self.k("n", conversation)) or 0)
        if before is not None:
            last = min(last, before - 1)
        seqs = list(range(max(1, last - limit + 1), last + 1))
        if not seqs:
            return []
        raw = self.db.hmget(self.k("msgs", conversation), seqs)
        return [json.loads(r) for r in raw if r is not None]

    def _last(self, conversation):
        return int(self.db.get(self.k("n", conversation)) or 0)

    def ack(self, user, conversation, seq, status):
        if status not in self.STATES[1:]:
            raise ValueError(f"unknown status {status!r}")
        if seq < 1 or seq > self._last(conversation):
            raise ValueError(f"no message {seq} in {conversation}")
        keys = [self.k("upto", "delivered", conversation, user)]
        if status == "read":
            keys.append(self.k("upto", "read", conversation, user))
        while True:
            with self.db.pipeline() as pipe:
                try:
                    pipe.watch(*keys)
                    current = [int(pipe.get(key) or 0) for key in keys]
                    pipe.multi()
                    for key, value in zip(keys, current):
                        if seq > value:
                            pipe.set(key, seq)
                    pipe.execute()
                    return
                except redis_lib.WatchError:
                    continue

    def receipt(self, conversation, seq):
        if seq < 1 or seq > self._last(conversation):
            raise ValueError(f"no message {seq} in {conversation}")
        message = json.loads(self.db.hget(self.k("msgs", conversation), seq))
        who = message["recipient"]
        read = int(self.db.get(self.k("upto", "read", conversation, who)) or 0)
        delivered = int(self.db.get(self.k("upto", "delivered", conversation, who)) or 0)
        return self.STATES[2] if read >= seq else self.STATES[1] if delivered >= seq else self.STATES[0]
