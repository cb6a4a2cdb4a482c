"""Correct, built another way: the read is done inside Redis. ZUNIONSTORE (AGGREGATE MAX) of the
pushed timeline and every followed celebrity's posts into a scratch key dedupes the ids; one
ZREVRANGEBYSCORE with an exclusive bound pages it (authors who posted as celebrities are kept
in a set, found with one SINTER); the scratch key is deleted in the same MULTI."""
import uuid


class FeedService:
    def __init__(self, redis, celebrity_threshold=10_000, timeline_size=800):
        self.redis = redis
        self.celebrity_threshold = celebrity_threshold
        self.timeline_size = timeline_size

    @staticmethod
    def _str(v):
        return v.decode() if isinstance(v, (bytes, bytearray)) else v

    def follow(self, follower, followee):
        self.redis.sadd(f"followers:{followee}", follower)
        self.redis.sadd(f"following:{follower}", followee)

    def unfollow(self, follower, followee):
        self.redis.srem(f"following:{follower}", followee)
        self.redis.srem(f"followers:{followee}", follower)

    def post(self, author, post_id, timestamp):
        self.redis.zadd(f"posts:{author}", {post_id: timestamp})
        followers = [self._str(f) for f in self.redis.smembers(f"followers:{author}")]
        if len(followers) >= self.celebrity_threshold:
            self.redis.sadd("feed:posted-as-celebrity", author)
            return 0
        written = 0
        for follower in followers:
            self.redis.zadd(f"timeline:{follower}", {post_id: timestamp})
            excess = self.redis.zcard(f"timeline:{follower}") - self.timeline_size
            if excess > 0:
                self.redis.zremrangebyrank(f"timeline:{follower}", 0, excess - 1)
            written += 1
        return written

    def home_timeline(self, user, limit=20, before=None):
        sources = [f"timeline:{user}"] + [
            f"posts:{self._str(c)}" for c in self.redis.sinter(f"following:{user}", "feed:posted-as-celebrity")]
        scratch = f"scratch:home:{user}:{uuid.uuid4().hex}"
        upper = "+inf" if before is None else f"({before}"
        tx = self.redis.pipeline(transaction=True)
        tx.zunionstore(scratch, sources, aggregate="MAX")
        tx.zrevrangebyscore(scratch, upper, "-inf", start=0, num=limit)
        tx.delete(scratch)
        _, ids, _ = tx.execute()
        return [int(self._str(i)) for i in ids]
