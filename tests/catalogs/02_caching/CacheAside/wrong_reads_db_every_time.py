# fails: test-cache-aside-reads :: an empty user {} is a hit like any other
# fails: test-cache-aside-reads :: each user has its own key; string ids work
# fails: test-cache-aside-reads :: serves a user another server cached (key user:<id>, JSON) without a query
# fails: test-cache-aside-reads :: the first read loads from the database; the second is a hit
# fails: test-cache-aside-reads :: two servers share one Redis: one miss in total
# fails: test-cache-aside-reads :: works with a decode_responses=True client
"""Wrong: always loads from the database and refreshes the cache (never serves
a hit)."""
import json


class CacheAside:
    def __init__(self, redis, db, ttl=300):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.redis, self.db, self.ttl = redis, db, ttl

    def get_user(self, user_id):
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(f"user:{user_id}", json.dumps(user), ex=self.ttl)
        return user

    def update_user(self, user_id, user):
        self.db.save_user(user_id, user)
        self.redis.delete(f"user:{user_id}")
