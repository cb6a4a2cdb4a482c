import hashlib
import json

from course.runtime.security import GENESIS

FIELDS = ("seq", "at", "actor", "action", "prev")


def _digest(body):
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def chain_entry(prev, actor, action, at):
    """Builds the body field by field; the hash from a shared helper."""
    body = dict(zip(FIELDS, (0 if prev is None else prev["seq"] + 1, at, actor, action,
                             GENESIS if prev is None else prev["hash"])))
    body["hash"] = _digest(body)
    return body


def verify_chain(entries, head=None):
    """Collects every failing index (entry checks, then the head's) and returns the smallest."""
    failures = []
    previous_hash = GENESIS
    for index, e in enumerate(entries):
        ok = (isinstance(e, dict) and sorted(e) == sorted(FIELDS + ("hash",)) and e["seq"] == index
              and e["prev"] == previous_hash and e["hash"] == _digest({k: e[k] for k in FIELDS}))
        if not ok:
            failures.append(index)
            break
        previous_hash = e["hash"]
    if head is not None:
        seq, digest = head
        if seq >= len(entries):
            failures.append(len(entries))
        elif not (isinstance(entries[seq], dict) and entries[seq].get("hash") == digest):
            failures.append(seq)
    return min(failures) if failures else None
