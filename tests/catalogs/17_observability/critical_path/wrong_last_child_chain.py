# fails: test-critical-path-basics :: children that end with their parent or start with it leave no empty segment
# fails: test-critical-path-basics :: the example: cache runs in parallel with db and ends first; render starts when db ends
# fails: test-critical-path-nested :: grandchildren: the path goes down into whichever child is on it
# fails: test-critical-path-nested :: the checkout trace of the notebook
# fails: test-critical-path-nested :: the same trace shuffled (children before their parents): the same path
# fails: test-critical-path-parallel :: after a long child, the one before it that ended last (not the first listed)
# fails: test-critical-path-parallel :: calls in sequence that touch (one ends when the next starts) are all on the path
# fails: test-critical-path-parallel :: the last to finish, not the longest
def critical_path(spans):
    """The naive 'critical path': from the root, always into the child that ends last, never back to the
    children that came before it (sequential calls are lost)."""
    roots = [s for s in spans if s["parent_id"] is None]
    if len(roots) != 1:
        raise ValueError("need exactly one root")
    ids = {s["span_id"] for s in spans}
    children = {}
    for s in spans:
        if s["parent_id"] is not None:
            if s["parent_id"] not in ids:
                raise ValueError("orphan")
            if s["end"] > s["start"]:
                children.setdefault(s["parent_id"], []).append(s)
    out = []

    def walk(span):
        kids = children.get(span["span_id"], [])
        if not kids:
            out.append((span["span_id"], span["start"], span["end"]))
            return
        last = max(kids, key=lambda c: c["end"])
        if last["start"] > span["start"]:
            out.append((span["span_id"], span["start"], last["start"]))
        walk(last)
        if span["end"] > last["end"]:
            out.append((span["span_id"], last["end"], span["end"]))

    walk(roots[0])
    return out
