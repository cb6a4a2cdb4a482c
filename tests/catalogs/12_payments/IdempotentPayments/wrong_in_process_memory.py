# fails: test-payments-replay :: two API servers on one Redis share the keys
# fails: test-payments-replay :: keys start with the prefix; instances with different prefixes are independent
# fails: test-payments-failures :: keys expire: a claim within ttl while the charge is in flight, the answer after ttl
# fails: test-payments-in-flight :: the same key and request while the first is at the provider: RequestInProgress, one charge
# fails: test-payments-in-flight :: a different request with the key in flight: IdempotencyKeyReused
# fails: test-payments-in-flight :: once the first has finished, the other server replays its answer
# fails: test-payments-race :: two servers, the same key and request, commands alternating: one charge
# fails: test-payments-race :: other orders, and three servers: one charge
# fails: test-payments-race :: two servers, one key, different requests: one charge, the other IdempotencyKeyReused
import json

from course.runtime.payments import IdempotencyKeyReused, RequestInProgress


class IdempotentPayments:
    """The records live in this API server's memory: other servers never see them."""

    def __init__(self, redis, provider, ttl=86_400, prefix="idem"):
        if type(ttl) not in (int, float) or not ttl > 0:
            raise ValueError("bad ttl")
        self.provider = provider
        self.records = {}

    def charge(self, idempotency_key, request):
        if type(idempotency_key) is not str or not 1 <= len(idempotency_key) <= 255:
            raise ValueError("bad key")
        fingerprint = json.dumps(request, sort_keys=True)
        if idempotency_key in self.records:
            stored_fp, response = self.records[idempotency_key]
            if stored_fp != fingerprint:
                raise IdempotencyKeyReused(idempotency_key)
            if response is None:
                raise RequestInProgress(idempotency_key)
            return response
        self.records[idempotency_key] = (fingerprint, None)
        try:
            response = self.provider.charge(request)
        except BaseException:
            del self.records[idempotency_key]
            raise
        self.records[idempotency_key] = (fingerprint, response)
        return response
