# fails: test-vc-siblings :: all concurrent: all kept, in the original order
# fails: test-vc-siblings :: the example: an ancestor is dropped, two concurrent versions stay, in order
# Wrong: returns the siblings sorted by their clocks' sums, not in the original order.
def vc_siblings(versions):
    kept = []
    for i, (clock, value) in enumerate(versions):
        if not any(vc_compare(clock, other) == "before" or (vc_compare(clock, other) == "equal" and j < i)
                   for j, (other, _) in enumerate(versions)):
            kept.append((clock, value))
    return sorted(kept, key=lambda pair: (sum(pair[0].values()), str(pair[1])))
