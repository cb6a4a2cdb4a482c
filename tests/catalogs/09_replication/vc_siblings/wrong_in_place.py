# fails: test-vc-siblings :: the argument is not changed
# Wrong: removes the superseded versions from the caller's list.
def vc_siblings(versions):
    i = 0
    while i < len(versions):
        clock = versions[i][0]
        if any(vc_compare(clock, other) == "before" or (vc_compare(clock, other) == "equal" and j < i)
               for j, (other, _) in enumerate(versions)):
            del versions[i]
        else:
            i += 1
    return versions
