# Correct: mark losers by index with vc_compare, then keep the others in order.
def vc_siblings(versions):
    losers = set()
    for i in range(len(versions)):
        for j in range(i + 1, len(versions)):
            relation = vc_compare(versions[i][0], versions[j][0])
            if relation == "before":
                losers.add(i)
            elif relation == "after" or relation == "equal":
                losers.add(j)
    return [versions[i] for i in range(len(versions)) if i not in losers]
