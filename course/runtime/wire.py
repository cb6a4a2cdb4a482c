"""The only thing that crosses between a student's process and the grader: plain data.

Both sides use this codec. A message is a JSON object sent as one frame (4-byte
big-endian length, then UTF-8 JSON). Values inside it are encoded so that their
exact type survives the trip:

- ``None``, ``bool``, ``int``, ``float`` (``nan`` and ``inf`` included), ``str``
  and ``list`` are JSON's own;
- ``tuple``, ``dict`` (any keys), ``bytes``, ``set``, ``frozenset`` and named
  tuples are tagged objects ``{"~": tag, ...}``;
- anything else is a *reference*, never a copy: an object of the student's
  (``{"~": "r", ...}``: the grader sees an opaque proxy), or an object of the
  grader's that student code may call back (``{"~": "g", ...}``).

Types are exact: a subclass of ``int`` (``numpy.int64``, an ``IntEnum``, a
class with an ``__eq__`` that says yes to everything) is not an ``int`` and
crosses as a reference. Decoding accepts nothing but these shapes, within a
depth and a size limit, so what arrives is inert data whatever the sender did.
"""
from __future__ import annotations

import base64
import json
import struct
from typing import Any, Callable

MAX_FRAME = 64 * 1024 * 1024   # bytes per message
MAX_DEPTH = 200                # nesting of lists, dicts, tuples
TAG = "~"

PLAIN_SCALARS = (type(None), bool, int, float, str)


class WireError(Exception):
    """A message that breaks the protocol (too big, too deep, an unknown shape)."""


def namedtuple_fields(value: Any) -> tuple[str, ...] | None:
    """The field names if ``value`` is a named tuple made by ``collections.namedtuple``/``typing.NamedTuple``."""
    fields = getattr(type(value), "_fields", None)
    if isinstance(value, tuple) and type(value) is not tuple and isinstance(fields, tuple) \
            and len(fields) == len(value) and all(type(f) is str for f in fields):
        return fields
    return None


def encode(value: Any, ref: Callable[[Any], dict], depth: int = 0) -> Any:
    """``value`` as a JSON-able tree; ``ref(obj)`` encodes what is not plain data."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if kind in PLAIN_SCALARS:
        return value
    if kind is list:
        return [encode(v, ref, depth + 1) for v in value]
    if kind is tuple:
        return {TAG: "t", "v": [encode(v, ref, depth + 1) for v in value]}
    if kind is dict:
        return {TAG: "d", "v": [[encode(k, ref, depth + 1), encode(v, ref, depth + 1)] for k, v in value.items()]}
    if kind is bytes:
        return {TAG: "b", "v": base64.b64encode(value).decode("ascii")}
    if kind is set or kind is frozenset:
        return {TAG: "s" if kind is set else "fs", "v": [encode(v, ref, depth + 1) for v in value]}
    fields = namedtuple_fields(value)
    if fields is not None:
        return {TAG: "nt", "n": kind.__name__, "f": list(fields), "v": [encode(v, ref, depth + 1) for v in value]}
    return ref(value)


_NAMEDTUPLES: dict[tuple[str, tuple[str, ...]], type] = {}


def _namedtuple_type(name: str, fields: tuple[str, ...]) -> type:
    from collections import namedtuple

    key = (name, fields)
    if key not in _NAMEDTUPLES:
        safe = name if name.isidentifier() else "NamedTuple"
        _NAMEDTUPLES[key] = namedtuple(safe, fields, rename=True)
    return _NAMEDTUPLES[key]


def decode(tree: Any, resolve: Callable[[dict], Any], depth: int = 0) -> Any:
    """The value ``tree`` encodes; ``resolve(tag)`` turns a reference into an object."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested more than {MAX_DEPTH} levels deep")
    kind = type(tree)
    if kind in PLAIN_SCALARS:
        return tree
    if kind is list:
        return [decode(v, resolve, depth + 1) for v in tree]
    if kind is not dict or type(tree.get(TAG)) is not str:
        raise WireError(f"not a value of the protocol: {type(tree).__name__}")
    tag = tree[TAG]
    items = tree.get("v")
    if tag in ("t", "s", "fs", "nt", "d") and type(items) is not list:
        raise WireError(f"malformed {tag!r} value")
    if tag == "t":
        return tuple(decode(v, resolve, depth + 1) for v in items)
    if tag == "d":
        out = {}
        for pair in items:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed dict item")
            out[decode(pair[0], resolve, depth + 1)] = decode(pair[1], resolve, depth + 1)
        return out
    if tag == "b":
        if type(items) is not str:
            raise WireError("malformed bytes")
        return base64.b64decode(items.encode("ascii"), validate=True)
    if tag == "s":
        return {decode(v, resolve, depth + 1) for v in items}
    if tag == "fs":
        return frozenset(decode(v, resolve, depth + 1) for v in items)
    if tag == "nt":
        name, fields = tree.get("n"), tree.get("f")
        if type(name) is not str or type(fields) is not list or not all(type(f) is str for f in fields) \
                or len(fields) != len(items):
            raise WireError("malformed named tuple")
        return _namedtuple_type(name, tuple(fields))(*(decode(v, resolve, depth + 1) for v in items))
    return resolve(tree)


# -- framing -------------------------------------------------------------------------------
def dumps(message: dict) -> bytes:
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    if len(body) > MAX_FRAME:
        raise WireError(f"a message of {len(body):,} bytes (the limit is {MAX_FRAME:,})")
    return struct.pack(">I", len(body)) + body


def loads(body: bytes) -> dict:
    try:
        message = json.loads(body.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as exc:
        raise WireError(f"unreadable message: {exc}") from None
    if type(message) is not dict:
        raise WireError("a message must be a JSON object")
    return message


class Channel:
    """Length-prefixed messages over a connected stream socket (both ends use it)."""

    def __init__(self, sock):
        self.sock = sock
        self._buffer = bytearray()

    def send(self, message: dict) -> None:
        self.sock.sendall(dumps(message))

    def _read_exactly(self, n: int) -> bytes | None:
        while len(self._buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buffer)))
            if not chunk:
                return None
            self._buffer += chunk
        data = bytes(self._buffer[:n])
        del self._buffer[:n]
        return data

    def recv(self) -> dict | None:
        """The next message, or None when the other end has closed."""
        header = self._read_exactly(4)
        if header is None:
            return None
        (size,) = struct.unpack(">I", header)
        if size > MAX_FRAME:
            raise WireError(f"a message of {size:,} bytes (the limit is {MAX_FRAME:,})")
        body = self._read_exactly(size)
        if body is None:
            return None
        return loads(body)
