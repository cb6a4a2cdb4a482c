# fails: test-list-items-concurrent :: a row inserted in the cursor's tie group is served only if it sorts after the cursor's row
# fails: test-list-items-concurrent :: newer rows inserted between pages are not served; nothing is served twice or skipped
# fails: test-list-items-concurrent :: the cursor's own row deleted before the next call: the walk continues from its position
# fails: test-list-items-pages :: 25 rows, limit 10: pages of 10, 10, 5 in order, then next_cursor None (the example above)
# fails: test-list-items-pages :: each call runs one statement, bounded by a LIMIT (50,050 rows: no full scan into Python)
# fails: test-list-items-pages :: limit defaults to 10; limit=1, 7 and 100 walk the whole table
# fails: test-list-items-pages :: ties: rows sharing created_at are ordered by id descending and none is lost or repeated
# fails: test-list-items-pages :: when the last page is full, its next_cursor is None (no empty page at the end)
"""Wrong: the cursor keeps only created_at: the rest of a tie group is skipped."""
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    where, params = "", ()
    if cursor is not None:
        try:
            text, tag = cursor.split(".")
        except (AttributeError, ValueError):
            raise ValueError("cursor") from None
        if not hmac.compare_digest(tag, hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()):
            raise ValueError("cursor")
        where, params = "WHERE created_at < ?", (int(text),)
    rows = conn.execute(f"SELECT id, created_at, title FROM items {where} ORDER BY created_at DESC, id DESC LIMIT ?",
                        (*params, limit + 1)).fetchall()
    page = [tuple(r) for r in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    text = str(page[-1][1])
    return page, text + "." + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
