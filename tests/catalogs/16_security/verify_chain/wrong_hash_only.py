# fails: test-audit-head :: entries appended after the head are fine; the smallest bad index wins
# fails: test-audit-verify :: an edit whose hash was recomputed breaks the next link: found at the next index
# fails: test-audit-verify :: deleted, swapped, duplicated and inserted entries are found where the order breaks
# fails: test-audit-verify :: malformed entries are bad entries, not exceptions; the first problem wins; [] is intact
import hashlib
import json

from course.runtime.security import GENESIS


def chain_entry(prev, actor, action, at):
    body = {"seq": 0 if prev is None else prev["seq"] + 1, "at": at, "actor": actor, "action": action,
            "prev": GENESIS if prev is None else prev["hash"]}
    return {**body, "hash": hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()}


def verify_chain(entries, head=None):
    """Checks each entry's own hash but never the links: deletions, reorderings and rewritten
    entries all pass."""
    for i, e in enumerate(entries):
        if type(e) is not dict or set(e) != {"seq", "at", "actor", "action", "prev", "hash"}:
            return i
        body = {k: v for k, v in e.items() if k != "hash"}
        if e["hash"] != hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest():
            return i
    if head is not None:
        seq, digest = head
        if seq >= len(entries):
            return len(entries)
        if entries[seq]["hash"] != digest:
            return seq
    return None
