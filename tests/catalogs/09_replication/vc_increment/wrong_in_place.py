# fails: test-vc-increment :: the argument is not changed
# Wrong: increments the caller's dict in place (and returns it).
def vc_increment(clock, node):
    clock[node] = clock.get(node, 0) + 1
    return clock
