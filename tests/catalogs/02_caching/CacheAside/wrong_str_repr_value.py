# fails: test-cache-aside-reads :: serves a user another server cached (key user:<id>, JSON) without a query
"""Wrong: stores str(user) (a Python repr) and parses it back with ast.literal_eval:
it round-trips its own values, but it is not the contract's JSON, so users cached
by other servers (JSON) fail to parse."""
import json


class CacheAside:
    def __init__(self, redis, db, ttl=300):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.redis, self.db, self.ttl = redis, db, ttl

    def get_user(self, user_id):
        import ast
        key = f"user:{user_id}"
        raw = self.redis.get(key)
        if raw is not None:
            if isinstance(raw, bytes):
                raw = raw.decode()
            return ast.literal_eval(raw)
        user = self.db.load_user(user_id)
        if user is not None:
            self.redis.set(key, str(user), ex=self.ttl)
        return user

    def update_user(self, user_id, user):
        self.db.save_user(user_id, user)
        self.redis.delete(f"user:{user_id}")
