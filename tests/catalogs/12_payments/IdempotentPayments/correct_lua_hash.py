import json

from course.runtime.payments import IdempotencyKeyReused, RequestInProgress

CLAIM = """
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
    redis.call('HSET', KEYS[1], 'state', 'pending', 'request', ARGV[1])
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {'claimed', ''}
end
if redis.call('HGET', KEYS[1], 'request') ~= ARGV[1] then
    return {'reused', ''}
end
if state == 'pending' then
    return {'pending', ''}
end
return {'done', redis.call('HGET', KEYS[1], 'response')}
"""


class IdempotentPayments:
    """One Lua script claims or reads the key atomically; the record is a Redis hash."""

    def __init__(self, redis, provider, ttl=86_400, prefix="idem"):
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
            raise ValueError("ttl must be positive")
        self.redis, self.provider, self.prefix = redis, provider, prefix
        self.ttl_ms = max(1, round(ttl * 1000))
        self.claim = redis.register_script(CLAIM)

    def charge(self, idempotency_key, request):
        if not isinstance(idempotency_key, str) or not (0 < len(idempotency_key) <= 255):
            raise ValueError("bad idempotency key")
        key = self.prefix + ":" + idempotency_key
        canonical = json.dumps(request, sort_keys=True, separators=(",", ":"))
        outcome, stored = self.claim(keys=[key], args=[canonical, self.ttl_ms])
        outcome = outcome.decode() if isinstance(outcome, bytes) else outcome
        if outcome == "reused":
            raise IdempotencyKeyReused(idempotency_key)
        if outcome == "pending":
            raise RequestInProgress(idempotency_key)
        if outcome == "done":
            return json.loads(stored)
        try:
            response = self.provider.charge(request)
        except Exception:
            self.redis.delete(key)
            raise
        pipe = self.redis.pipeline()
        pipe.hset(key, mapping={"state": "done", "response": json.dumps(response)})
        pipe.pexpire(key, self.ttl_ms)
        pipe.execute()
        return response
