# fails: test-critical-path-nested :: grandchildren: the path goes down into whichever child is on it
# fails: test-critical-path-nested :: the checkout trace of the notebook
# fails: test-critical-path-nested :: the same trace shuffled (children before their parents): the same path
# fails: test-critical-path-parallel :: an overlapping earlier child did not delay the last one: the parent's own time
# fails: test-critical-path-parallel :: the last to finish, not the longest
def critical_path(spans):
    """Follows the LONGEST child that fits instead of the one that finished last."""
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
    back = []

    def walk(span, t):
        kids = list(children.get(span["span_id"], []))
        while True:
            fitting = [c for c in kids if c["end"] <= t]
            if not fitting:
                break
            c = max(fitting, key=lambda c: c["end"] - c["start"])
            if c["end"] < t:
                back.append((span["span_id"], c["end"], t))
            walk(c, c["end"])
            t = c["start"]
            kids = [k for k in kids if k is not c]
        if span["start"] < t:
            back.append((span["span_id"], span["start"], t))

    walk(roots[0], roots[0]["end"])
    return back[::-1]
