# fails: test-ledger-crash :: dies after any number of commands, then the message is redelivered: applied exactly once
# fails: test-ledger-crash :: dies in the middle of a batch of two messages (decode_responses=True), then both are redelivered
"""Wrong: the dedup record and the effect in two round trips, record first (SET NX PX, then
HINCRBY): a consumer that dies between them has marked the message done without applying it,
and the redelivery is skipped: the effect is lost."""
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
                return 1
            end
            return 0
        """)

    def apply(self, message_id, account, amount):
        """Add `amount` (an int) to `account` unless this message id was applied before: True if applied now."""
        seen = f"{self.prefix}:seen:{message_id}"
        if not self.redis.set(seen, "1", nx=True, px=self.ttl_ms):
            return False
        self.redis.hincrby(self.balances, account, int(amount))
        return True

    def balance(self, account):
        """The account's balance (an int), 0 if nothing was ever applied to it."""
        value = self.redis.hget(self.balances, account)
        return 0 if value is None else int(value)
