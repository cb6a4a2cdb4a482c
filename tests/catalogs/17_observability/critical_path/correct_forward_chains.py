def critical_path(spans):
    """Find each span's chain of blocking children first, then emit the segments forward in time."""
    roots = [s for s in spans if s["parent_id"] is None]
    if len(roots) != 1:
        raise ValueError("need exactly one root")
    index = {s["span_id"]: s for s in spans}
    children = {}
    for s in spans:
        p = s["parent_id"]
        if p is None:
            continue
        if p not in index:
            raise ValueError("unknown parent " + str(p))
        children.setdefault(p, []).append(s)

    def blocking_chain(span):
        """The children the span waited for, earliest first."""
        chain, t = [], span["end"]
        candidates = [c for c in children.get(span["span_id"], []) if c["end"] != c["start"]]
        while True:
            fitting = [c for c in candidates if c["end"] <= t]
            if not fitting:
                break
            c = max(fitting, key=lambda c: c["end"])
            chain.append(c)
            t = c["start"]
            candidates = [x for x in candidates if x is not c]
        return chain[::-1]

    def emit(span, out):
        t = span["start"]
        for c in blocking_chain(span):
            if c["start"] > t:
                out.append((span["span_id"], t, c["start"]))
            emit(c, out)
            t = c["end"]
        if span["end"] > t:
            out.append((span["span_id"], t, span["end"]))

    result = []
    emit(roots[0], result)
    return result
