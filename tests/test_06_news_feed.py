"""06_news_feed: the FeedService catalog (correct variants full marks, wrong ones lose points)."""
import pytest
from harness import catalog_tests

pytestmark = pytest.mark.redis

test_correct_alternative, test_wrong_implementation = catalog_tests(
    "06_news_feed", {"FeedService": "test-feed-"})
