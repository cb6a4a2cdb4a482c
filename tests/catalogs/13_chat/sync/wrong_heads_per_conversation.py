# fails: test-sync-rpcs :: 200 conversations, 3 with news: 3 range calls
# fails: test-sync-rpcs :: heads() once; range(conversation, cursor, limit) only where the head is beyond the cursor
# fails: test-sync-rpcs :: nothing new anywhere: heads() and no range call
# Asks heads() again for every conversation (one RPC each), instead of once.
def sync(store, device, cursors, limit=100):
    if type(limit) is not int or limit < 1:
        raise ValueError(limit)
    result = {}
    for conversation in store.heads():
        head = store.heads()[conversation]
        cursor = cursors.get(conversation, 0)
        if head <= cursor:
            continue
        page = store.range(conversation, cursor, limit)
        new_cursor = page[-1]["seq"]
        result[conversation] = {"messages": [m for m in page if m["device"] != device],
                                "cursor": new_cursor, "more": new_cursor < head}
    return result
