"""Notebook 04 (rate limiting): its graders accept every correct limiter and catch the wrong ones.

Uses Redis (fakeredis by default; `make test-redis` runs it again on a real redis-server).
"""
import pytest

from harness import catalog_test

pytestmark = pytest.mark.redis

_LIMITER = {"allow": "(self)"}
CONTRACT = {
    "TokenBucket": {"__init__": "(self, capacity, refill_rate, clock=time.monotonic)", "allow": "(self, cost=1)"},
    "LeakyBucket": {"__init__": "(self, capacity, leak_rate, clock=time.monotonic)", **_LIMITER},
    "FixedWindowCounter": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "SlidingWindowLog": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "SlidingWindowCounter": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "RedisSlidingWindowLog": {"__init__": "(self, redis, limit, window, clock=time.time, prefix='ratelimit')",
                              "allow": "(self, key)"},
    "RedisTokenBucket": {"__init__": "(self, redis, capacity, refill_rate, clock=time.time, prefix='ratelimit')",
                         "allow": "(self, key, cost=1)"},
}

test_catalog = catalog_test("04_rate_limiting")
