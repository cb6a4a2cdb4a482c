"""Helpers for the news-feed notebook (06_news_feed).

The tests grade a ``FeedService`` through its public API and through the Redis
keys the contract fixes, read with the ordinary redis client:

- :func:`read_set` and :func:`read_zset` read ``followers:``/``following:``
  sets and ``posts:``/``timeline:`` sorted sets the same way whatever the
  client's ``decode_responses`` setting, and say so when a key has the wrong type.
- :func:`small_world` builds the small network several test cells share.
"""
from __future__ import annotations

from typing import Any

from .checks import CheckFailed
from .redis_client import as_text, make_redis  # noqa: F401 - as_text is re-exported


def post_id_of(member: Any) -> Any:
    """A sorted-set member as the int post id it should be (left as text if it is not one)."""
    text = as_text(member)
    try:
        return int(text)
    except (TypeError, ValueError):
        return text


def _expect_type(redis, key: str, wanted: str, command: str) -> bool:
    """True if ``key`` exists with type ``wanted``; False if absent; CheckFailed otherwise."""
    kind = as_text(redis.type(key))
    if kind == "none":
        prefix, _, name = key.partition(":")
        stray = f"{prefix}:b'{name}'"
        if redis.exists(stray):
            raise CheckFailed(f"the key {key!r} is missing but {stray!r} exists: a key was built from a "
                              "bytes reply (decode_responses=False); decode it first")
        return False
    if kind != wanted:
        raise CheckFailed(f"the key {key!r} should be a Redis {wanted} (written with {command}), "
                          f"but it is a {kind}")
    return True


def read_set(redis, key: str) -> set:
    """Members of the set at ``key`` as ``str`` (empty if the key does not exist)."""
    if not _expect_type(redis, key, "set", "SADD"):
        return set()
    return {as_text(m) for m in redis.smembers(key)}


def read_zset(redis, key: str) -> dict:
    """The sorted set at ``key`` as ``{post_id: score}`` (empty if the key does not exist)."""
    if not _expect_type(redis, key, "zset", "ZADD"):
        return {}
    return {post_id_of(m): score for m, score in redis.zrange(key, 0, -1, withscores=True)}


# (author, post_id, timestamp), oldest first: distinct timestamps, so the order is fixed.
SMALL_WORLD_POSTS = [("bob", 1, 100), ("cel", 2, 200), ("dan", 3, 300),
                     ("bob", 4, 400), ("cel", 5, 500), ("dan", 6, 600), ("ana", 7, 700)]


def small_world(service, decode_responses: bool = False, celebrity_threshold: int = 3):
    """A fresh Redis and a ``service(redis, celebrity_threshold=3)`` holding this network:

    - ``cel`` has 4 followers (ana, eve, max, zoe): a celebrity, pulled at read time;
    - ``ana`` follows ``bob`` and ``dan`` (1 follower each: pushed), and ``cel``;
    - ``bob`` follows ``ana``, so ana's own post 7 is pushed to bob, not to ana;
    - the posts of :data:`SMALL_WORLD_POSTS`, so ana's home timeline is ``[6, 5, 4, 3, 2, 1]``.

    Returns ``(redis, feed)``.
    """
    redis = make_redis(decode_responses=decode_responses)
    feed = service(redis, celebrity_threshold=celebrity_threshold)
    for reader in ("ana", "eve", "max", "zoe"):
        feed.follow(reader, "cel")
    feed.follow("ana", "bob")
    feed.follow("ana", "dan")
    feed.follow("bob", "ana")
    for author, post_id, timestamp in SMALL_WORLD_POSTS:
        feed.post(author, post_id, timestamp)
    return redis, feed
