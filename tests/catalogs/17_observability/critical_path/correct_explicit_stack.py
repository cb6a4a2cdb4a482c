def critical_path(spans):
    """The backward walk without recursion: a stack of (span, time it is walked back from, next child)."""
    by_id = {}
    root = None
    for s in spans:
        by_id[s["span_id"]] = s
        if s["parent_id"] is None:
            if root is not None:
                raise ValueError("two roots")
            root = s
    if root is None:
        raise ValueError("no root")
    kids = {sid: [] for sid in by_id}
    for s in spans:
        if s["parent_id"] is not None:
            if s["parent_id"] not in by_id:
                raise ValueError("orphan span " + s["span_id"])
            if s["end"] > s["start"]:
                kids[s["parent_id"]].append(s)
    for lst in kids.values():
        lst.sort(key=lambda s: -s["end"])

    out = []
    stack = [[root, root["end"], 0]]
    while stack:
        frame = stack[-1]
        span, t, i = frame
        lst = kids[span["span_id"]]
        while i < len(lst) and lst[i]["end"] > t:
            i += 1
        if i < len(lst):
            child = lst[i]
            if child["end"] < t:
                out.append((span["span_id"], child["end"], t))
            frame[1], frame[2] = child["start"], i + 1
            stack.append([child, child["end"], 0])
        else:
            if span["start"] < t:
                out.append((span["span_id"], span["start"], t))
            stack.pop()
    out.reverse()
    return out
