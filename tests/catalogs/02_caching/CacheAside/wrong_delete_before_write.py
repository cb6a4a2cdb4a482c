# fails: test-cache-aside-update :: writes the database before deleting the key
"""Wrong: update_user deletes the key before writing the database, so a reader
in between refills the cache with the old row."""
import json


class CacheAside:
    def __init__(self, redis, db, ttl=300):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.redis, self.db, self.ttl = redis, db, ttl

    def get_user(self, user_id):
        key = f"user:{user_id}"
        raw = self.redis.get(key)
        if raw is not None:
            return json.loads(raw)
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(key, json.dumps(user), ex=self.ttl)
        return user

    def update_user(self, user_id, user):
        self.redis.delete(f"user:{user_id}")
        self.db.save_user(user_id, user)
