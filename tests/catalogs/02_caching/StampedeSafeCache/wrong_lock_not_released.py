# fails: test-stampede-basics :: get_user of a user the database lacks returns None
# fails: test-stampede-basics :: one server: loads once, then hits; TTL set; lock released
# fails: test-stampede-basics :: works with a decode_responses=True client
"""Wrong: never releases the lock (relies on PX alone): the next miss for the key
waits up to lock_ms for nothing."""
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
        while True:
            raw = self.redis.get(key)
            if raw is not None:
                return json.loads(raw)
            if self.redis.set(lock, token, nx=True, px=self.lock_ms):
                raw = self.redis.get(key)
                if raw is not None:
                    return json.loads(raw)
                user = self.db.load_user(user_id)
                if user is not None:
                    self.redis.set(key, json.dumps(user), ex=self.ttl)
                return user
            self.sleep(self.retry_delay)
