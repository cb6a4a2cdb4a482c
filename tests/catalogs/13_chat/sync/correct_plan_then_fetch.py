def sync(store, device, cursors, limit=100):
    """Plan first (which conversations, from where), then fetch; the cursor is the page's max seq."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise ValueError("limit must be a positive int")
    heads = store.heads()
    plan = []
    for conversation in heads:
        since = cursors[conversation] if conversation in cursors else 0
        if heads[conversation] > since:
            plan.append((conversation, since))
    out = {}
    for conversation, since in plan:
        page = store.range(conversation, since, limit)
        cursor = max((m["seq"] for m in page), default=heads[conversation])
        out[conversation] = {
            "messages": [m for m in page if not m["device"] == device],
            "cursor": cursor,
            "more": heads[conversation] > cursor,
        }
    return out
