# fails: test-ledger-race-ttl :: each applied message id has its own key with a TTL of dedup_ttl; the balances never expire
"""Wrong: the TTL is put on the balances hash too, so every balance disappears a day after the
last payment."""
class IdempotentLedger:

    def __init__(self, redis, prefix="ledger", dedup_ttl=86_400):
        """Validate dedup_ttl (seconds, > 0); keep the client and the settings."""
        if not dedup_ttl > 0:
            raise ValueError(f"dedup_ttl must be positive, got {dedup_ttl!r}")
        self.redis = redis
        self.prefix = prefix
        self.ttl_ms = max(1, round(dedup_ttl * 1000))
        self.balances = f"{prefix}:balances"
        self.script = redis.register_script("""
            if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[3]) then
                redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
                redis.call('PEXPIRE', KEYS[2], ARGV[3])
                return 1
            end
            return 0
        """)

    def apply(self, message_id, account, amount):
        """Add `amount` (an int) to `account` unless this message id was applied before: True if applied now."""
        seen = f"{self.prefix}:seen:{message_id}"
        return self.script(keys=[seen, self.balances], args=[account, int(amount), self.ttl_ms]) == 1

    def balance(self, account):
        """The account's balance (an int), 0 if nothing was ever applied to it."""
        value = self.redis.hget(self.balances, account)
        return 0 if value is None else int(value)
