"""Correct: releases the lock with an optimistic transaction (WATCH the lock, GET it,
MULTI/DEL/EXEC only if it still holds our token) instead of a Lua script; the loop
is written as a for loop over attempts without end."""
import itertools
import json
import time
import uuid

import redis as redis_lib


class StampedeSafeCache:
    def __init__(self, redis, db, ttl=300, lock_ms=5000, retry_delay=0.05, sleep=time.sleep):
        self.redis = redis
        self.db = db
        self.ttl = ttl
        self.lock_ms = lock_ms
        self.retry_delay = retry_delay
        self.sleep = sleep

    def _release(self, lock, token):
        with self.redis.pipeline() as pipe:
            try:
                pipe.watch(lock)
                current = pipe.get(lock)
                if isinstance(current, bytes):
                    current = current.decode()
                if current == token:
                    pipe.multi()
                    pipe.delete(lock)
                    pipe.execute()
            except redis_lib.WatchError:
                pass        # it changed hands meanwhile: not ours to delete

    def get_user(self, user_id):
        key, lock = f"user:{user_id}", f"lock:user:{user_id}"
        token = str(uuid.uuid4())
        for _ in itertools.count():
            cached = self.redis.get(key)
            if cached is not None:
                return json.loads(cached)
            if not self.redis.set(lock, token, px=self.lock_ms, nx=True):
                self.sleep(self.retry_delay)
                continue
            try:
                cached = self.redis.get(key)
                if cached is not None:
                    return json.loads(cached)
                user = self.db.load_user(user_id)
                if user is not None:
                    self.redis.set(key, json.dumps(user), ex=self.ttl)
                return user
            finally:
                self._release(lock, token)
