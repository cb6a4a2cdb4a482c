# fails: test-sync-delta :: a conversation missing from the cursors starts from 0
# fails: test-sync-devices :: only this exact device is skipped, not the user's other devices nor other users' phones
# fails: test-sync-paging :: following the cursors page by page gets every missed message exactly once, in order
# fails: test-sync-paging :: limit=2 on 5 missed: two messages, cursor 2, more; the next call continues
# fails: test-sync-paging :: the default limit is 100
# Walks the device's cursors instead of the store's heads: misses new conversations, and asks
# about conversations the user left.
def sync(store, device, cursors, limit=100):
    if type(limit) is not int or limit < 1:
        raise ValueError(limit)
    heads = store.heads()
    result = {}
    for conversation, cursor in cursors.items():
        head = heads.get(conversation, 0)
        if head <= cursor:
            continue
        page = store.range(conversation, cursor, limit)
        new_cursor = page[-1]["seq"]
        result[conversation] = {"messages": [m for m in page if m["device"] != device],
                                "cursor": new_cursor, "more": new_cursor < head}
    return result
