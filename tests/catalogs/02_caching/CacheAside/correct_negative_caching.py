"""Correct: also caches the absence of a user (JSON null, short TTL), which the contract
leaves unspecified; decodes bytes by hand."""
import json


class CacheAside:
    MISSING_TTL = 30

    def __init__(self, redis, db, ttl=300):
        if ttl <= 0:
            raise ValueError(f"ttl must be > 0, got {ttl}")
        self.redis = redis
        self.db = db
        self.ttl = ttl

    @staticmethod
    def _key(user_id):
        return "user:" + str(user_id)

    def get_user(self, user_id):
        raw = self.redis.get(self._key(user_id))
        if raw is not None:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            return json.loads(text)          # "null" -> None: a cached absence
        user = self.db.load_user(user_id)
        ttl = self.ttl if user is not None else min(self.ttl, self.MISSING_TTL)
        self.redis.set(self._key(user_id), json.dumps(user), ex=ttl)
        return user

    def update_user(self, user_id, user):
        self.db.save_user(user_id, user)
        self.redis.delete(self._key(user_id))
