# fails: test-vc-merge :: nodes of either clock are kept, the larger entry wins whichever side it is on
# fails: test-vc-merge :: the larger entry of each node, in a plain dict (the example)
# Wrong: only the nodes of the first clock survive the merge.
def vc_merge(a, b):
    return {node: max(count, b.get(node, 0)) for node, count in a.items()}
