"""05_unique_ids: the catalog of correct and wrong implementations, graded by the notebook's own test cells.

Every correct variant must get full marks; every wrong one must lose points in
the cells that grade its name. The URL shortener runs on Redis (fakeredis by
default, a real server under `make test-redis`).
"""
import pytest

from harness import catalog_tests

pytestmark = pytest.mark.redis

test_correct_alternative, test_wrong_implementation = catalog_tests(
    "05_unique_ids",
    {
        "SnowflakeGenerator": "test-snowflake-",
        "parse_snowflake": "test-parse-snowflake",
        "base62_encode": "test-base62-encode",
        "base62_decode": "test-base62-decode",
        "UrlShortener": "test-shortener-",
    },
)
