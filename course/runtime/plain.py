"""Copies of plain data, for the grader's simulations (a node keeps its own copy of what it stores).

``copy.deepcopy`` walks any object and keeps a memo of everything it met (so that shared parts
stay shared); most of what the simulations copy is small, plain and unshared: clocks, values,
message payloads that came over the wire. :func:`copy_plain` copies those directly and hands
anything else to ``copy.deepcopy``. Two equal things stay equal; what is no longer kept is
the sharing of one sub-object between two places in a value (the wire breaks that anyway).
"""
from __future__ import annotations

import copy
from typing import Any

_ATOMS = frozenset({type(None), bool, int, float, complex, str, bytes})


def copy_plain(value: Any) -> Any:
    """A deep copy of ``value``: equal to ``copy.deepcopy(value)``, faster on dicts, lists and tuples."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return {key if type(key) in _ATOMS else copy.deepcopy(key): copy_plain(item) for key, item in value.items()}
    if kind is list:
        return [copy_plain(item) for item in value]
    if kind is tuple:
        return tuple([copy_plain(item) for item in value])
    return copy.deepcopy(value)
