# fails: test-sync-rpcs :: 200 conversations, 3 with news: 3 range calls
# fails: test-sync-rpcs :: heads() once; range(conversation, cursor, limit) only where the head is beyond the cursor
# fails: test-sync-rpcs :: nothing new anywhere: heads() and no range call
# Calls range() for every conversation and keeps the non-empty pages: right answers, one RPC per
# conversation of the user on every reconnect.
def sync(store, device, cursors, limit=100):
    if type(limit) is not int or limit < 1:
        raise ValueError(limit)
    result = {}
    for conversation, head in store.heads().items():
        page = store.range(conversation, cursors.get(conversation, 0), limit)
        if not page:
            continue
        cursor = page[-1]["seq"]
        result[conversation] = {"messages": [m for m in page if m["device"] != device],
                                "cursor": cursor, "more": cursor < head}
    return result
