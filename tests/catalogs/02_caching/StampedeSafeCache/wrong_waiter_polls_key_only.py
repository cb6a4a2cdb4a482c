# fails: test-stampede-lock :: a waiter sleeps retry_delay between tries and loads nothing while the lock is held
"""Wrong: a server that does not get the lock only polls the user key afterwards and
never tries the lock again: if the loader died, it waits forever."""
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
        key, lock = f"user:{user_id}", f"lock:user:{user_id}"
        token = uuid.uuid4().hex
        raw = self.redis.get(key)
        if raw is not None:
            return json.loads(raw)
        if self.redis.set(lock, token, nx=True, px=self.lock_ms):
            try:
                raw = self.redis.get(key)
                if raw is not None:
                    return json.loads(raw)
                user = self.db.load_user(user_id)
                if user is not None:
                    self.redis.set(key, json.dumps(user), ex=self.ttl)
                return user
            finally:
                self._release(keys=[lock], args=[token])
        while True:
            self.sleep(self.retry_delay)
            raw = self.redis.get(key)
            if raw is not None:
                return json.loads(raw)
