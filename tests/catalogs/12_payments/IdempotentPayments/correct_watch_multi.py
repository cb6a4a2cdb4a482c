import json

import redis as redis_lib

from course.runtime.payments import IdempotencyKeyReused, RequestInProgress


class IdempotentPayments:
    """Optimistic locking: WATCH the key, read it, claim it in MULTI/EXEC; retry on WatchError."""

    def __init__(self, redis, provider, ttl=86_400, prefix="idem"):
        if type(ttl) not in (int, float) or ttl <= 0:
            raise ValueError(f"bad ttl {ttl!r}")
        self.redis = redis
        self.provider = provider
        self.ttl = ttl
        self.prefix = prefix

    def _key(self, k):
        return f"{self.prefix}:{k}"

    def charge(self, idempotency_key, request):
        if type(idempotency_key) is not str or len(idempotency_key) == 0 or len(idempotency_key) > 255:
            raise ValueError("an idempotency key is a str of 1 to 255 characters")
        key = self._key(idempotency_key)
        fingerprint = json.dumps(request, sort_keys=True)
        ttl_ms = int(self.ttl * 1000) or 1
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    if raw is not None:
                        pipe.unwatch()
                        record = json.loads(raw)
                        if record["request"] != fingerprint:
                            raise IdempotencyKeyReused(idempotency_key)
                        if "response" not in record:
                            raise RequestInProgress(idempotency_key)
                        return record["response"]
                    pipe.multi()
                    pipe.set(key, json.dumps({"request": fingerprint}), px=ttl_ms)
                    pipe.execute()
                    break
                except redis_lib.WatchError:
                    continue
        try:
            response = self.provider.charge(request)
        except Exception:
            self.redis.delete(key)
            raise
        self.redis.set(key, json.dumps({"request": fingerprint, "response": response}), px=ttl_ms)
        return response
