# fails: test-list-items-concurrent :: the cursor's own row deleted before the next call: the walk continues from its position
"""Wrong: the cursor holds only the last id and looks its created_at up: if that row is deleted
before the next call, the walk ends early."""
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    where, params = "", ()
    if cursor is not None:
        try:
            text, tag = cursor.split(".")
            item_id = int(text)
        except (AttributeError, ValueError):
            raise ValueError("cursor") from None
        if not hmac.compare_digest(tag, hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()):
            raise ValueError("cursor")
        where = "WHERE (created_at, id) < ((SELECT created_at FROM items WHERE id = ?), ?)"
        params = (item_id, item_id)
    rows = conn.execute(f"SELECT id, created_at, title FROM items {where} ORDER BY created_at DESC, id DESC LIMIT ?",
                        (*params, limit + 1)).fetchall()
    page = [tuple(r) for r in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    text = str(page[-1][0])
    return page, text + "." + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
