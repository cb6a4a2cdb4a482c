"""Correct: WATCH the message's dedup key; if it is absent, write the dedup key (with its TTL)
and the balance in one MULTI/EXEC. A concurrent consumer that writes the key first aborts our
EXEC (WatchError); we look again and find the duplicate."""
import math

import redis as redis_module


class IdempotentLedger:
    def __init__(self, redis, prefix="ledger", dedup_ttl=86_400):
        if not dedup_ttl > 0:
            raise ValueError("dedup_ttl must be positive")
        self.redis, self.prefix = redis, prefix
        self.ttl_ms = max(1, math.ceil(dedup_ttl * 1000))

    def apply(self, message_id, account, amount):
        seen = f"{self.prefix}:dedup:{message_id}"
        while True:
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(seen)
                    if pipe.exists(seen):
                        pipe.unwatch()
                        return False
                    pipe.multi()
                    pipe.set(seen, "applied", px=self.ttl_ms)
                    pipe.hincrby(f"{self.prefix}:balances", account, amount)
                    pipe.execute()
                    return True
                except redis_module.WatchError:
                    continue

    def balance(self, account):
        raw = self.redis.hget(f"{self.prefix}:balances", account)
        return int(raw) if raw is not None else 0
