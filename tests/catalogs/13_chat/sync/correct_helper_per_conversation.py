def _page(store, conversation, cursor, head, device, limit):
    """One conversation's page: the store's messages after the cursor, minus this device's own."""
    fetched = store.range(conversation, cursor, limit)
    last = fetched[len(fetched) - 1]["seq"] if fetched else cursor
    kept = []
    for m in fetched:
        if m["device"] != device:
            kept.append(m)
    return {"messages": kept, "cursor": last, "more": last < head}


def sync(store, device, cursors, limit=100):
    """A dict comprehension over the conversations whose head is beyond the cursor."""
    if type(limit) is not int:
        raise ValueError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    heads = store.heads()
    behind = {c: cursors.get(c, 0) for c, head in heads.items() if head > cursors.get(c, 0)}
    return {c: _page(store, c, cursor, heads[c], device, limit) for c, cursor in behind.items()}
