"""Correct: a Lua script that checks the dedup key with EXISTS, then writes it with SET and
PEXPIRE and updates the balance; the script runs atomically, so nothing can come between the
check and the writes (and a consumer that dies either ran all of it or none)."""


class IdempotentLedger:
    SCRIPT = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
            return 0
        end
        redis.call('SET', KEYS[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
        return 1
    """

    def __init__(self, redis, prefix="ledger", dedup_ttl=86_400):
        if dedup_ttl <= 0:
            raise ValueError(f"dedup_ttl must be > 0, got {dedup_ttl!r}")
        self.redis = redis
        self.balances = prefix + ":balances"
        self.seen = prefix + ":seen:"
        self.ttl_ms = int(round(dedup_ttl * 1000))
        self.script = redis.register_script(self.SCRIPT)

    def apply(self, message_id, account, amount):
        applied = self.script(keys=[self.seen + str(message_id), self.balances],
                              args=[account, amount, f"{account} {amount}", self.ttl_ms])
        return applied == 1

    def balance(self, account):
        value = self.redis.hget(self.balances, account)
        return 0 if value is None else int(value)
