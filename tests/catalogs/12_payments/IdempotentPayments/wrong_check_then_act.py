# fails: test-payments-race :: two servers, the same key and request, commands alternating: one charge
# fails: test-payments-race :: other orders, and three servers: one charge
# fails: test-payments-race :: two servers, one key, different requests: one charge, the other IdempotencyKeyReused
import hashlib
import json

from course.runtime.payments import IdempotencyKeyReused, RequestInProgress


class IdempotentPayments:
    """GET, then SET: two round trips with a gap where another server can claim the same key."""

    def __init__(self, redis, provider, ttl=86_400, prefix="idem"):
        if type(ttl) not in (int, float) or not ttl > 0:
            raise ValueError("bad ttl")
        self.redis, self.provider, self.prefix = redis, provider, prefix
        self.ttl_ms = int(ttl * 1000)

    def charge(self, idempotency_key, request):
        if type(idempotency_key) is not str or not 1 <= len(idempotency_key) <= 255:
            raise ValueError("bad key")
        key = f"{self.prefix}:{idempotency_key}"
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        raw = self.redis.get(key)
        if raw is not None:
            record = json.loads(raw)
            if record["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused(idempotency_key)
            if record["state"] == "pending":
                raise RequestInProgress(idempotency_key)
            return record["response"]
        self.redis.set(key, json.dumps({"state": "pending", "fingerprint": fingerprint}), px=self.ttl_ms)
        try:
            response = self.provider.charge(request)
        except BaseException:
            self.redis.delete(key)
            raise
        self.redis.set(key, json.dumps({"state": "done", "fingerprint": fingerprint, "response": response}),
                       px=self.ttl_ms)
        return response
