# fails: test-vc-compare :: 200 random pairs agree with the definition, both ways round
# fails: test-vc-compare :: missing entries count as 0 on either side
# fails: test-vc-compare :: the examples
# fails: test-vc-siblings :: all concurrent: all kept, in the original order
# fails: test-vc-siblings :: equal clocks: only the first is kept
# fails: test-vc-siblings :: the example: an ancestor is dropped, two concurrent versions stay, in order
# Wrong: compares the sums of the counters, like a Lamport timestamp: cannot see concurrency.
def vc_compare(a, b):
    sa, sb = sum(a.values()), sum(b.values())
    return "before" if sa < sb else "after" if sa > sb else "equal"
