# fails: test-sync-devices :: a page of the device's own messages: an entry with no messages, and the cursor moves
# The cursor is the last message *returned*: a page that ends with this device's own messages
# leaves the cursor behind them, and the next sync fetches them again.
def sync(store, device, cursors, limit=100):
    if type(limit) is not int or limit < 1:
        raise ValueError(limit)
    result = {}
    for conversation, head in store.heads().items():
        cursor = cursors.get(conversation, 0)
        if head <= cursor:
            continue
        page = store.range(conversation, cursor, limit)
        mine = [m for m in page if m["device"] != device]
        new_cursor = mine[-1]["seq"] if mine else cursor
        result[conversation] = {"messages": mine, "cursor": new_cursor, "more": new_cursor < head}
    return result
