# fails: test-payments-replay :: a declined charge is an answer too: stored and replayed
import hashlib
import json

from course.runtime.payments import IdempotencyKeyReused, RequestInProgress


class IdempotentPayments:
    """Stores a charge only if it succeeded: a declined card is charged (tried) again on every retry."""

    def __init__(self, redis, provider, ttl=86_400, prefix="idem"):
        if type(ttl) not in (int, float) or not ttl > 0:
            raise ValueError("bad ttl")
        self.redis, self.provider, self.prefix = redis, provider, prefix
        self.ttl_ms = max(1, int(ttl * 1000))

    def charge(self, idempotency_key, request):
        if type(idempotency_key) is not str or not 1 <= len(idempotency_key) <= 255:
            raise ValueError("bad key")
        key = f"{self.prefix}:{idempotency_key}"
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        pending = json.dumps({"state": "pending", "fingerprint": fingerprint})
        while True:
            if self.redis.set(key, pending, nx=True, px=self.ttl_ms):
                break
            raw = self.redis.get(key)
            if raw is None:
                continue
            record = json.loads(raw)
            if record["fingerprint"] != fingerprint:
                raise IdempotencyKeyReused(idempotency_key)
            if record["state"] == "pending":
                raise RequestInProgress(idempotency_key)
            return record["response"]
        try:
            response = self.provider.charge(request)
        except BaseException:
            self.redis.delete(key)
            raise
        if response.get("status") != "succeeded":
            self.redis.delete(key)           # "only successful charges are worth remembering"
            return response
        self.redis.set(key, json.dumps({"state": "done", "fingerprint": fingerprint, "response": response}),
                       px=self.ttl_ms)
        return response
