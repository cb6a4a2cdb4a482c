# fails: test-cache-aside-ttl :: ttl=1 is valid: the cached user expires within a second
# fails: test-cache-aside-reads :: each user has its own key; string ids work
# fails: test-cache-aside-reads :: serves a user another server cached (key user:<id>, JSON) without a query
# fails: test-cache-aside-ttl :: a cached user expires after ttl seconds
# fails: test-cache-aside-ttl :: the default ttl is 300 seconds
"""Wrong: caches under 'users:<id>' instead of the contract's 'user:<id>', so other
servers (and other programs) reading 'user:<id>' never find it."""
import json


class CacheAside:
    def __init__(self, redis, db, ttl=300):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.redis, self.db, self.ttl = redis, db, ttl

    def get_user(self, user_id):
        key = f"users:{user_id}"
        raw = self.redis.get(key)
        if raw is not None:
            return json.loads(raw)
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(key, json.dumps(user), ex=self.ttl)
        return user

    def update_user(self, user_id, user):
        self.db.save_user(user_id, user)
        self.redis.delete(f"users:{user_id}")
