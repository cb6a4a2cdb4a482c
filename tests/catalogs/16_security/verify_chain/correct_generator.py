import hashlib
import json

from course.runtime.security import GENESIS


def chain_entry(prev, actor, action, at):
    """Hashes the JSON text built by json.dumps with explicit, already-sorted keys."""
    seq = prev["seq"] + 1 if prev else 0
    link = prev["hash"] if prev else GENESIS
    text = json.dumps({"action": action, "actor": actor, "at": at, "prev": link, "seq": seq},
                      sort_keys=True, separators=(",", ":"))
    return {"seq": seq, "at": at, "actor": actor, "action": action, "prev": link,
            "hash": hashlib.sha256(text.encode()).hexdigest()}


def _problems(entries):
    link = GENESIS
    for i, e in enumerate(entries):
        if type(e) is not dict or e.keys() != {"seq", "at", "actor", "action", "prev", "hash"}:
            yield i
            return
        rebuilt = chain_entry({"seq": i - 1, "hash": link} if i else None, e["actor"], e["action"], e["at"])
        if rebuilt != e:
            yield i
            return
        link = e["hash"]


def verify_chain(entries, head=None):
    """Rebuilds each entry from its predecessor with chain_entry and compares whole dicts; the head
    check runs over the valid prefix only."""
    first = next(_problems(entries), None)
    limit = len(entries) if first is None else first
    if head is not None:
        seq, digest = head
        if seq < limit and entries[seq]["hash"] != digest:
            return seq
        if seq >= len(entries) and first is None:
            return len(entries)
    return first
