# Correct: collect the signs of the differences, then read the answer off the set.
def vc_compare(a, b):
    signs = set()
    for node in list(a) + list(b):
        d = a.get(node, 0) - b.get(node, 0)
        if d:
            signs.add(d > 0)
    return {frozenset(): "equal", frozenset([False]): "before", frozenset([True]): "after"}.get(
        frozenset(signs), "concurrent")
