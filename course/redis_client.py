"""One way to get Redis: fakeredis by default, a real server when ``REDIS_URL`` is set.

    from course.redis_client import fresh_server, make_redis

    r = make_redis()                 # a client on a brand-new, empty server
    server = fresh_server()          # one server ...
    a, b = server.client(), server.client(decode_responses=True)   # ... shared

With ``REDIS_URL`` (for example ``redis://127.0.0.1:6379/0``) every "fresh"
server is the real one, emptied with FLUSHDB, so the same notebook cells and
tests run unchanged against real Redis. Run those one at a time: they share it.
"""
from __future__ import annotations

import os

import redis

REDIS_URL_ENV = "REDIS_URL"


def redis_url() -> str | None:
    """The real server's URL, or None when the embedded fakeredis is in use."""
    return os.environ.get(REDIS_URL_ENV) or None


def backend_name() -> str:
    url = redis_url()
    return f"real Redis at {url}" if url else "fakeredis (embedded, in-process)"


class RedisServer:
    """A handle on one Redis server; every ``client()`` of it sees the same data."""

    def __init__(self, url: str | None = None):
        self.url = url
        if url is None:
            import fakeredis

            self._fake_server = fakeredis.FakeServer()
        else:
            self._fake_server = None
            self.client().flushdb()

    @property
    def is_fake(self) -> bool:
        return self._fake_server is not None

    def client(self, decode_responses: bool = False, **kwargs) -> redis.Redis:
        """A new client (own connection pool) on this server."""
        if self._fake_server is not None:
            import fakeredis

            return fakeredis.FakeRedis(server=self._fake_server, decode_responses=decode_responses, **kwargs)
        return redis.Redis.from_url(self.url, decode_responses=decode_responses, **kwargs)

    def __repr__(self) -> str:
        return f"RedisServer({'fakeredis' if self.is_fake else self.url})"


def as_text(value):
    """``bytes`` (a ``decode_responses=False`` reply) to ``str``; anything else as is."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def fresh_server() -> RedisServer:
    """An empty server: a new fakeredis one, or the real one after FLUSHDB."""
    return RedisServer(redis_url())


def make_redis(decode_responses: bool = False, **kwargs) -> redis.Redis:
    """A client on a fresh, empty server."""
    return fresh_server().client(decode_responses=decode_responses, **kwargs)
