# Correct: the union of the keys, sorted, keeping only non-zero entries.
def vc_merge(a, b):
    out = {}
    for node in sorted(set(a).union(b), key=str):
        value = max(a.get(node, 0), b.get(node, 0))
        if value:
            out[node] = value
    return out
