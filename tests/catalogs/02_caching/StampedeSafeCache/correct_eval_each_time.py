"""Correct: runs the release script with EVAL each time (no register_script), and
splits the work into small helper methods."""
import json
import os
import time

RELEASE_LOCK = """
if redis.call("GET", KEYS[1]) == ARGV[1] then
    return redis.call("DEL", KEYS[1])
end
return 0
"""


class StampedeSafeCache:
    def __init__(self, redis, db, ttl=300, lock_ms=5000, retry_delay=0.05, sleep=time.sleep):
        self.redis = redis
        self.db = db
        self.ttl = ttl
        self.lock_ms = lock_ms
        self.retry_delay = retry_delay
        self.sleep = sleep

    def _cached(self, user_id):
        raw = self.redis.get(f"user:{user_id}")
        return (True, json.loads(raw)) if raw is not None else (False, None)

    def _load_and_fill(self, user_id):
        hit, user = self._cached(user_id)
        if hit:
            return user
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(f"user:{user_id}", json.dumps(user), ex=self.ttl)
        return user

    def get_user(self, user_id):
        lock = f"lock:user:{user_id}"
        token = os.urandom(16).hex()
        while True:
            hit, user = self._cached(user_id)
            if hit:
                return user
            if self.redis.set(lock, token, nx=True, px=self.lock_ms):
                try:
                    return self._load_and_fill(user_id)
                finally:
                    self.redis.eval(RELEASE_LOCK, 1, lock, token)
            self.sleep(self.retry_delay)
