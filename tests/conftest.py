"""Shared pytest setup: tests/ is importable (harness), and nbgrader's alembic is on PATH."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def pytest_collection_modifyitems(config, items):
    """`make test-redis` runs what talks to Redis: the helper tests marked ``redis``, and the catalog
    variants whose test cells use Redis (marked ``real_redis`` by harness.catalog_params)."""
    import pytest

    for item in items:
        if getattr(item, "originalname", "") != "test_catalog" and item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.real_redis)
