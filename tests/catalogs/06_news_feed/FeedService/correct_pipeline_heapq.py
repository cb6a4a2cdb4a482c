"""Correct, built another way: MULTI/EXEC pipelines for every write, celebrities found with one
SINTER against the set of authors who posted as celebrities, and a lazy k-way merge (heapq.merge) of the newest-first sources
that skips ids it has already emitted and stops at `limit`."""
import heapq
import itertools


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class FeedService:
    def __init__(self, redis, celebrity_threshold=10_000, timeline_size=800):
        self.r = redis
        self.threshold = celebrity_threshold
        self.size = timeline_size

    def follow(self, follower, followee):
        with self.r.pipeline() as p:
            p.sadd("followers:%s" % followee, follower).sadd("following:%s" % follower, followee).execute()

    def unfollow(self, follower, followee):
        with self.r.pipeline() as p:
            p.srem("followers:%s" % followee, follower).srem("following:%s" % follower, followee).execute()

    def post(self, author, post_id, timestamp):
        with self.r.pipeline() as p:
            _, followers = p.zadd("posts:%s" % author, {str(post_id): float(timestamp)}) \
                .smembers("followers:%s" % author).execute()
        if len(followers) >= self.threshold:
            self.r.sadd("celebs", author)
            return 0
        with self.r.pipeline() as p:
            for follower in map(_text, followers):
                p.zadd("timeline:" + follower, {str(post_id): float(timestamp)})
                p.zremrangebyrank("timeline:" + follower, 0, -self.size - 1)
            p.execute()
        return len(followers)

    def home_timeline(self, user, limit=20, before=None):
        celebs = sorted(map(_text, self.r.sinter("following:%s" % user, "celebs")))
        keys = ["timeline:%s" % user] + ["posts:" + c for c in celebs]
        top = "+inf" if before is None else "(" + repr(float(before))
        with self.r.pipeline(transaction=False) as p:
            for key in keys:
                p.zrevrangebyscore(key, top, "-inf", start=0, num=limit, withscores=True)
            streams = p.execute()
        merged = heapq.merge(*([(-score, int(_text(m))) for m, score in s] for s in streams))
        seen, result = set(), []
        for _, post_id in merged:
            if post_id not in seen:
                seen.add(post_id)
                result.append(post_id)
        return list(itertools.islice(result, limit))
