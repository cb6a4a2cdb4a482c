"""06_news_feed: the FeedService catalog (correct variants full marks, wrong ones lose points)."""
import pytest
from harness import catalog_test

pytestmark = pytest.mark.redis

CONTRACT = {
    "FeedService": {"__init__": "(self, redis, celebrity_threshold=10000, timeline_size=800)",
                    "follow": "(self, follower, followee)", "unfollow": "(self, follower, followee)",
                    "post": "(self, author, post_id, timestamp)",
                    "home_timeline": "(self, user, limit=20, before=None)"},
}

test_catalog = catalog_test("06_news_feed")
