# Correct: copy a, then raise each entry of b.
def vc_merge(a, b):
    merged = dict(a)
    for node, count in b.items():
        if count > merged.get(node, 0):
            merged[node] = count
    return merged
