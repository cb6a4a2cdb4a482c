"""05_unique_ids: the catalog of correct and wrong implementations, graded by the notebook's own test cells.

Every correct variant must get full marks; every wrong one must lose points in
the cells that grade its name. The URL shortener runs on Redis (fakeredis by
default, a real server under `make test-redis`).
"""
import pytest

from harness import catalog_test

pytestmark = pytest.mark.redis

CONTRACT = {
    "SnowflakeGenerator": {"__init__": "(self, machine_id, epoch_ms=1288834974657, clock_ms=*)",
                           "next_id": "(self)"},
    "parse_snowflake": "(snowflake_id, epoch_ms=1288834974657)",
    "base62_encode": "(n)",
    "base62_decode": "(s)",
    "UrlShortener": {"__init__": "(self, redis, ids, cache_size=1024)", "create": "(self, url, alias=None)",
                     "resolve": "(self, code)", "clicks": "(self, code)", "drain_clicks": "(self, max_items=1000)"},
}

test_catalog = catalog_test("05_unique_ids")
