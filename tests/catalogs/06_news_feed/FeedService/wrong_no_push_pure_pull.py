# fails: test-feed-celebrity :: a post made as a celebrity is still shown after the author drops below the threshold
# fails: test-feed-celebrity :: celebrity status is decided at the moment of posting
# fails: test-feed-celebrity :: one follower fewer than the threshold: not a celebrity, pushed
# fails: test-feed-celebrity :: the threshold is the constructor's (threshold 1: any follower makes a celebrity)
# fails: test-feed-celebrity :: works with decode_responses=True
# fails: test-feed-follow :: FeedService(redis) works, with defaults celebrity_threshold=10_000 and timeline_size=800
# fails: test-feed-home :: a read costs a few commands plus one per pulled celebrity, not one per followee
# fails: test-feed-post :: a post goes into every follower's timeline, and post returns how many
# fails: test-feed-post :: after unfollow, new posts are not pushed to the former follower
# fails: test-feed-post :: each post of a non-celebrity is pushed
# fails: test-feed-post :: works with decode_responses=True
# fails: test-feed-trim :: a timeline keeps its newest timeline_size posts
# fails: test-feed-trim :: home_timeline shows what the capped timeline kept (no celebrities involved)
# fails: test-feed-trim :: newest means by timestamp, whatever order the posts arrive in
# fails: test-feed-trim :: posts from several followees share one capped timeline; each timeline is capped on its own
# fails: test-feed-trim :: works with decode_responses=True
"""Wrong: Pure fan-out on read: post pushes nothing, home_timeline pulls every followee (breaks: push to followers)."""
class FeedService:
    def __init__(self, redis, celebrity_threshold=10_000, timeline_size=800):
        self.redis = redis
        self.celebrity_threshold = celebrity_threshold
        self.timeline_size = timeline_size

    def follow(self, follower, followee):
        pipe = self.redis.pipeline()
        pipe.sadd(f"followers:{followee}", follower)
        pipe.sadd(f"following:{follower}", followee)
        pipe.execute()

    def unfollow(self, follower, followee):
        pipe = self.redis.pipeline()
        pipe.srem(f"followers:{followee}", follower)
        pipe.srem(f"following:{follower}", followee)
        pipe.execute()

    def post(self, author, post_id, timestamp):
        self.redis.zadd(f"posts:{author}", {post_id: timestamp})
        return 0
        followers = self.redis.smembers(f"followers:{author}")
        pipe = self.redis.pipeline(transaction=False)
        for follower in followers:
            follower = follower.decode() if isinstance(follower, bytes) else follower
            key = f"timeline:{follower}"
            pipe.zadd(key, {post_id: timestamp})
            pipe.zremrangebyrank(key, 0, -(self.timeline_size + 1))
        pipe.execute()
        return len(followers)

    def home_timeline(self, user, limit=20, before=None):
        high = "+inf" if before is None else f"({before}"
        followees = [f.decode() if isinstance(f, bytes) else f
                     for f in self.redis.smembers(f"following:{user}")]
        pipe = self.redis.pipeline(transaction=False)
        for followee in followees:
            pipe.scard(f"followers:{followee}")
        counts = pipe.execute()
        sources = [f"timeline:{user}"] + [f"posts:{followee}" for followee, n in zip(followees, counts)
                                          ]
        for key in sources:
            pipe.zrevrangebyscore(key, high, "-inf", start=0, num=limit, withscores=True)
        newest = {}
        for entries in pipe.execute():
            for member, score in entries:
                newest[int(member)] = score
        return sorted(newest, key=newest.get, reverse=True)[:limit]
