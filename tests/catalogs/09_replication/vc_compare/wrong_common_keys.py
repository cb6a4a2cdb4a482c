# fails: test-vc-compare :: 200 random pairs agree with the definition, both ways round
# fails: test-vc-compare :: after is the mirror image of before
# fails: test-vc-compare :: missing entries count as 0 on either side
# fails: test-vc-compare :: the examples
# fails: test-vc-siblings :: all concurrent: all kept, in the original order
# fails: test-vc-siblings :: equal clocks: only the first is kept
# fails: test-vc-siblings :: the example: an ancestor is dropped, two concurrent versions stay, in order
# Wrong: compares only the nodes both clocks have: a missing entry is ignored instead of counting as 0.
def vc_compare(a, b):
    common = set(a) & set(b)
    less = any(a[n] < b[n] for n in common)
    greater = any(a[n] > b[n] for n in common)
    if less and greater:
        return "concurrent"
    if less:
        return "before"
    if greater:
        return "after"
    return "equal"
