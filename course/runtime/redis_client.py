"""One way to get Redis: fakeredis by default, a real server when ``REDIS_URL`` is set.

    from course.runtime.redis_client import fresh_server, make_redis

    r = make_redis()                 # a client on a brand-new, empty server
    server = fresh_server()          # one server ...
    a, b = server.client(), server.client(decode_responses=True)   # ... shared

With ``REDIS_URL`` (for example ``redis://127.0.0.1:6379/0``) every "fresh"
server is the real one, emptied with FLUSHDB, so the same notebook cells and
tests run unchanged against real Redis. Run those one at a time: they share it.

Under grading the servers live in the grader's process and the student's code
gets a client of the same server over a socket (see ``course.runtime.redis_front``):
what a check reads from Redis, the student cannot forge.
"""
from __future__ import annotations

import functools
import os

import redis
import redis.utils

REDIS_URL_ENV = "REDIS_URL"

# redis-py 8 reads its own version from the installed package's metadata (importlib.metadata walks
# sys.path) each time it builds a client, for CLIENT SETINFO: 0.56 ms of the 0.84 ms a client cost
# here, and grading builds a client per object that holds one. The version cannot change while a
# process runs, so it is read once.
if not hasattr(redis.utils.get_lib_version, "cache_info"):
    redis.utils.get_lib_version = functools.lru_cache(maxsize=1)(redis.utils.get_lib_version)


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

    @property
    def backend(self):
        """What a front serves: the embedded server, or the real server's URL."""
        return self._fake_server if self._fake_server is not None else self.url

    def client(self, decode_responses: bool = False, **kwargs) -> redis.Redis:
        """A new client (own connection pool) on this server."""
        if self._fake_server is not None:
            import fakeredis

            client = fakeredis.FakeRedis(server=self._fake_server, decode_responses=decode_responses, **kwargs)
        else:
            client = redis.Redis.from_url(self.url, decode_responses=decode_responses, **kwargs)
        client._course_server = self
        return client

    def socket_client(self, decode_responses: bool = False, actor: str | None = None, gate=None) -> redis.Redis:
        """A client that reaches this server through this process's front (a real socket)."""
        from .redis_front import local_front

        ep = local_front().endpoint(self.backend, actor=actor, gate=gate)
        client = redis.Redis(unix_socket_path=ep.path, decode_responses=decode_responses)
        client._course_server = self
        client._course_actor = actor
        client._course_gate = gate
        return client

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


def decodes(client) -> bool:
    return bool(client.connection_pool.connection_kwargs.get("decode_responses", False))


def export_tag(client, front) -> dict | None:
    """How a client made here crosses to the student's process: the socket of an endpoint
    of ``front`` serving the same server (same actor and gate, and its command limit)."""
    if not isinstance(client, redis.Redis):
        return None
    server = getattr(client, "_course_server", None)
    backend = server.backend if server is not None else None
    if backend is None:
        kwargs = client.connection_pool.connection_kwargs
        backend = kwargs.get("server")                      # a FakeRedis made some other way
        if backend is None:
            return None
    # one endpoint per client and front (never keyed by id(): ids of dead objects come back)
    cached = client.__dict__.get("_course_endpoint")
    if cached is not None and cached[0] is front:
        ep = cached[1]
    else:
        ep = front.endpoint(backend, actor=getattr(client, "_course_actor", None),
                            gate=getattr(client, "_course_gate", None),
                            limit=getattr(client, "_course_limit", None))
        client.__dict__["_course_endpoint"] = (front, ep)
    return {"~": "redis", "path": ep.path, "decode": decodes(client), "client": ep.path}
