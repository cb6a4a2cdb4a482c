"""The release stubs have exactly the contract's signatures, and hints in their docstrings.

The expected signatures are the course's copy of the graded-exercise contract:
parameter names, order and defaults ("*" = default left to the implementer).
"""
from __future__ import annotations

import ast

import pytest
from nbgrader import utils

from harness import RELEASE, assignments, load

FUNCTIONS = {
    "average_qps": "(requests_per_day)",
    "peak_qps": "(requests_per_day, peak_factor=3.0)",
    "storage_bytes": "(writes_per_day, bytes_per_write, years=5, replication=1)",
    "bandwidth_bytes_per_second": "(requests_per_day, bytes_per_request)",
    "cache_bytes": "(reads_per_day, bytes_per_item, hot_fraction=0.2)",
    "concurrent_connections": "(dau, online_fraction=0.1)",
    "parse_snowflake": "(snowflake_id, epoch_ms=1288834974657)",
    "base62_encode": "(n)",
    "base62_decode": "(s)",
}
_LIMITER = {"allow": "(self)"}
CLASSES = {
    "LRUCache": {"__init__": "(self, capacity)", "get": "(self, key, default=None)",
                 "put": "(self, key, value)", "__len__": "(self)", "__contains__": "(self, key)"},
    "HashRing": {"__init__": "(self, nodes=(), vnodes=100)", "add_node": "(self, node)",
                 "remove_node": "(self, node)", "get_node": "(self, key)", "get_nodes": "(self, key, n)",
                 "__len__": "(self)", "__contains__": "(self, node)"},
    "TokenBucket": {"__init__": "(self, capacity, refill_rate, clock=time.monotonic)", "allow": "(self, cost=1)"},
    "LeakyBucket": {"__init__": "(self, capacity, leak_rate, clock=time.monotonic)", **_LIMITER},
    "FixedWindowCounter": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "SlidingWindowLog": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "SlidingWindowCounter": {"__init__": "(self, limit, window, clock=time.monotonic)", **_LIMITER},
    "RedisSlidingWindowLog": {"__init__": "(self, redis, limit, window, clock=time.time, prefix='ratelimit')",
                              "allow": "(self, key)"},
    "RedisTokenBucket": {"__init__": "(self, redis, capacity, refill_rate, clock=time.time, prefix='ratelimit')",
                         "allow": "(self, key, cost=1)"},
    "SnowflakeGenerator": {"__init__": "(self, machine_id, epoch_ms=1288834974657, clock_ms=*)",
                           "next_id": "(self)"},
    "FeedService": {"__init__": "(self, redis, celebrity_threshold=10000, timeline_size=800)",
                    "follow": "(self, follower, followee)", "unfollow": "(self, follower, followee)",
                    "post": "(self, author, post_id, timestamp)",
                    "home_timeline": "(self, user, limit=20, before=None)"},
}
CONSTANTS = {"SECONDS_PER_DAY"}
ALL_NAMES = set(FUNCTIONS) | set(CLASSES) | CONSTANTS


def signature(fn: ast.FunctionDef) -> str:
    """Canonical '(a, b=1)' form: names and defaults, annotations ignored."""
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parts = [a.arg if d is None else f"{a.arg}={ast.unparse(d)}" for a, d in zip(positional, defaults)]
    if args.vararg or args.kwonlyargs or args.kwarg:
        parts.append("<extra>")
    return "(" + ", ".join(parts) + ")"


def matches(got: str, expected: str) -> bool:
    if "*" not in expected:
        return got == expected
    prefix = expected[: expected.index("*")]
    return got.startswith(prefix) and got.endswith(")") and "," not in got[len(prefix):]


def release_definitions():
    """{name: (assignment, ast node)} for every contract name a release solution cell defines."""
    found = {}
    for a in assignments():
        if not (RELEASE / a).exists():
            continue
        for cell in load(a, RELEASE).cells:
            if cell.cell_type != "code" or not utils.is_solution(cell):
                continue
            for node in ast.parse(cell.source).body:
                name = getattr(node, "name", None)
                if isinstance(node, ast.Assign):
                    name = next((t.id for t in node.targets if isinstance(t, ast.Name)), None)
                if name in ALL_NAMES:
                    found[name] = (a, node)
    return found


DEFINED = release_definitions()


@pytest.mark.parametrize("name", sorted(n for n in FUNCTIONS if n in DEFINED))
def test_function_stub_signature(name):
    assignment, node = DEFINED[name]
    assert isinstance(node, ast.FunctionDef), f"{name} should be a function"
    assert matches(signature(node), FUNCTIONS[name]), f"{assignment}: {name}{signature(node)} != {FUNCTIONS[name]}"


@pytest.mark.parametrize("name", sorted(n for n in CLASSES if n in DEFINED))
def test_class_stub_signatures(name):
    assignment, node = DEFINED[name]
    assert isinstance(node, ast.ClassDef), f"{name} should be a class"
    methods = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
    for method, expected in CLASSES[name].items():
        assert method in methods, f"{assignment}: the {name} stub lacks {method}"
        got = signature(methods[method])
        assert matches(got, expected), f"{assignment}: {name}.{method}{got} != {expected}"


@pytest.mark.parametrize("name", sorted((set(FUNCTIONS) | set(CLASSES)) & set(DEFINED)))
def test_stub_docstring_carries_hints(name):
    assignment, node = DEFINED[name]
    doc = ast.get_docstring(node) or ""
    if isinstance(node, ast.ClassDef):
        doc += "".join(ast.get_docstring(m) or "" for m in node.body if isinstance(m, ast.FunctionDef))
    for hint in ("TODO", "APPROACH", "EXAMPLE"):
        assert hint in doc, f"{assignment}: the {name} stub's docstring should carry a {hint} hint"
