# fails: test-vc-merge :: nodes of either clock are kept, the larger entry wins whichever side it is on
# fails: test-vc-merge :: the larger entry of each node, in a plain dict (the example)
# Wrong: Counter's | is an entry-wise maximum, but the result is a Counter, not a plain dict
# (under grading it arrives as an opaque object): the contract asks for dict(...) around it.
from collections import Counter


def vc_merge(a, b):
    return Counter(a) | Counter(b)
