"""Notebook 04 (rate limiting): its graders accept every correct limiter and catch the wrong ones.

Uses Redis (fakeredis by default; `make test-redis` runs it again on a real redis-server).
"""
import pytest

from harness import catalog_tests

pytestmark = pytest.mark.redis

test_correct_alternative, test_wrong_implementation = catalog_tests(
    "04_rate_limiting",
    {
        "TokenBucket": "test-token-bucket-",
        "LeakyBucket": "test-leaky-bucket-",
        "FixedWindowCounter": "test-fixed-window-",
        "SlidingWindowLog": "test-sliding-log-",
        "SlidingWindowCounter": "test-sliding-counter-",
        "RedisSlidingWindowLog": "test-redis-log-",
        "RedisTokenBucket": "test-redis-token-bucket-",
    },
)
