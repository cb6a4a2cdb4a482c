"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
import json
import time
import uuid
RELEASE_LOCK = '\nif redis.call("GET", KEYS[1]) == ARGV[1] then\n    return redis.call("DEL", KEYS[1])\nend\nreturn 0\n'

class StampedeSafeCache:

    def __init__(self, redis, db, ttl=300, lock_ms=5000, retry_delay=0.05, sleep=time.sleep):
        self.redis, self.db, self.ttl = (redis, db, ttl)
        self.lock_ms, self.retry_delay, self.sleep = (lock_ms, retry_delay, sleep)
        self._release = redis.register_script(RELEASE_LOCK)

    def get_user(self, user_id):
        key, lock = (f'user:{user_id}', f'lock:user:{user_id}')
        token = uuid.uuid4().hex
        while True:
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
            self.sleep(self.retry_delay)
