# Correct: a new dict by unpacking.
def vc_increment(clock, node):
    return {**clock, node: clock.get(node, 0) + 1}
