"""Correct: the implementation the one-line mistakes of mutants.toml are applied to."""
class FeedService:
    CELEBRITIES = 'celebrities'

    def __init__(self, redis, celebrity_threshold=10000, timeline_size=800):
        self.redis = redis
        self.celebrity_threshold = celebrity_threshold
        self.timeline_size = timeline_size

    def follow(self, follower, followee):
        pipe = self.redis.pipeline()
        pipe.sadd(f'followers:{followee}', follower)
        pipe.sadd(f'following:{follower}', followee)
        pipe.execute()

    def unfollow(self, follower, followee):
        pipe = self.redis.pipeline()
        pipe.srem(f'followers:{followee}', follower)
        pipe.srem(f'following:{follower}', followee)
        pipe.execute()

    def post(self, author, post_id, timestamp):
        pipe = self.redis.pipeline(transaction=False)
        pipe.zadd(f'posts:{author}', {post_id: timestamp})
        pipe.smembers(f'followers:{author}')
        _, followers = pipe.execute()
        if len(followers) >= self.celebrity_threshold:
            self.redis.sadd(self.CELEBRITIES, author)
            return 0
        for follower in followers:
            follower = follower.decode() if isinstance(follower, bytes) else follower
            key = f'timeline:{follower}'
            pipe.zadd(key, {post_id: timestamp})
            pipe.zremrangebyrank(key, 0, -(self.timeline_size + 1))
        pipe.execute()
        return len(followers)

    def home_timeline(self, user, limit=20, before=None):
        high = '+inf' if before is None else f'({before}'
        celebrities = [c.decode() if isinstance(c, bytes) else c for c in self.redis.sinter(f'following:{user}', self.CELEBRITIES)]
        pipe = self.redis.pipeline(transaction=False)
        for key in [f'timeline:{user}'] + [f'posts:{c}' for c in celebrities]:
            pipe.zrange(key, high, '-inf', desc=True, byscore=True, offset=0, num=limit, withscores=True)
        newest = {}
        for entries in pipe.execute():
            for member, score in entries:
                newest[int(member)] = score
        return sorted(newest, key=newest.get, reverse=True)[:limit]
