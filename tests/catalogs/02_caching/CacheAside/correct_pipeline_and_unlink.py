"""Correct: fills the cache with a pipeline (SET + EXPIRE in one round trip) and
invalidates with UNLINK (a non-blocking DEL)."""
import json


class CacheAside:
    def __init__(self, redis, db, ttl=300):
        if not ttl > 0:
            raise ValueError("ttl must be positive")
        self.r, self.db, self.ttl = redis, db, int(ttl)

    def get_user(self, user_id):
        key = f"user:{user_id}"
        cached = self.r.get(key)
        if cached is None:
            user = self.db.load_user(user_id)
            if user is None:
                return None
            with self.r.pipeline(transaction=True) as pipe:
                pipe.set(key, json.dumps(user))
                pipe.expire(key, self.ttl)
                pipe.execute()
            return user
        return json.loads(cached)

    def update_user(self, user_id, user):
        self.db.save_user(user_id, user)
        self.r.unlink(f"user:{user_id}")
