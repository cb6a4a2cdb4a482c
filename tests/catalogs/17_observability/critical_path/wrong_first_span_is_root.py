# fails: test-critical-path-nested :: the same trace shuffled (children before their parents): the same path
def critical_path(spans):
    """Validates the trace, then assumes the first span listed is the root (traces arrive in any order)."""
    if sum(s["parent_id"] is None for s in spans) != 1:
        raise ValueError("need exactly one root")
    ids = {s["span_id"] for s in spans}
    children = {}
    for s in spans:
        if s["parent_id"] is not None:
            if s["parent_id"] not in ids:
                raise ValueError("orphan")
            children.setdefault(s["parent_id"], []).append(s)
    for kids in children.values():
        kids.sort(key=lambda s: s["end"], reverse=True)
    back = []

    def walk(span, t):
        for c in children.get(span["span_id"], []):
            if c["end"] > t or c["end"] == c["start"]:
                continue
            if c["end"] < t:
                back.append((span["span_id"], c["end"], t))
            walk(c, c["end"])
            t = c["start"]
        if span["start"] < t:
            back.append((span["span_id"], span["start"], t))

    root = spans[0]
    walk(root, root["end"])
    return back[::-1]
