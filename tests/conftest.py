"""Shared pytest setup: tests/ is importable (harness), and nbgrader's alembic is on PATH."""
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def pytest_configure(config):
    """With a real server (`make test-redis`) and several xdist workers, each worker gets a database
    of its own (worker gw<i> uses database i+1): a fresh server is FLUSHDB, never FLUSHALL, and no
    test cell of a catalog uses pub/sub (channels are shared by every database)."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("REDIS_URL")
    if worker and url:
        os.environ["REDIS_URL"] = re.sub(r"(/\d+)?$", f"/{int(worker[2:]) + 1}", url.rstrip("/"), count=1)


def pytest_collection_modifyitems(config, items):
    """`make test-redis` runs what talks to Redis: the helper tests marked ``redis``, and the catalog
    variants whose test cells use Redis (marked ``real_redis`` by harness.catalog_params)."""
    import pytest

    for item in items:
        if getattr(item, "originalname", "") != "test_catalog" and item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.real_redis)
