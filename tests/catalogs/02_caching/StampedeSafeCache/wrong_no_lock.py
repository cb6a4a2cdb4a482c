# fails: test-stampede-lock :: a waiter sleeps retry_delay between tries and loads nothing while the lock is held
# fails: test-stampede-lock :: the lock expires by itself after lock_ms (SET ... NX PX)
# fails: test-stampede-one-load :: both read the cache, then both try the lock: one load
# fails: test-stampede-one-load :: five servers, taking turns: one database load
# fails: test-stampede-one-load :: four servers, the last one first, mixed decode_responses: one load
# fails: test-stampede-one-load :: the loader finishes between another server's miss and its lock: one load
# fails: test-stampede-one-load :: two servers, taking turns: one database load
"""Wrong: plain cache-aside, no lock: every server that misses loads from the database."""
import json
import time
import uuid

RELEASE_LOCK = """
if redis.call("GET", KEYS[1]) == ARGV[1] then
    return redis.call("DEL", KEYS[1])
end
return 0
"""


class StampedeSafeCache:
    def __init__(self, redis, db, ttl=300, lock_ms=5000, retry_delay=0.05, sleep=time.sleep):
        self.redis, self.db, self.ttl = redis, db, ttl
        self.lock_ms, self.retry_delay, self.sleep = lock_ms, retry_delay, sleep
        self._release = redis.register_script(RELEASE_LOCK)

    def get_user(self, user_id):
        key = f"user:{user_id}"
        raw = self.redis.get(key)
        if raw is not None:
            return json.loads(raw)
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(key, json.dumps(user), ex=self.ttl)
        return user
