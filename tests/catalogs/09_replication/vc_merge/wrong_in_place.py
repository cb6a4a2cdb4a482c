# fails: test-vc-merge :: the arguments are not changed
# Wrong: merges b into a, changing the caller's dict.
def vc_merge(a, b):
    for node, count in b.items():
        a[node] = max(a.get(node, 0), count)
    return a
