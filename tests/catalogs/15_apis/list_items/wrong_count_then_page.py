# fails: test-list-items-pages :: each call runs one statement, bounded by a LIMIT (50,050 rows: no full scan into Python)
"""Wrong: a COUNT(*) query to decide whether there is a next page, then the page: two
statements per call (and the count scans the rest of the table)."""
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    where, params = "", ()
    if cursor is not None:
        try:
            text, tag = cursor.split(".")
            created_at, item_id = map(int, text.split("_"))
        except (AttributeError, ValueError):
            raise ValueError("cursor") from None
        if not hmac.compare_digest(tag, hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()):
            raise ValueError("cursor")
        where, params = "WHERE (created_at, id) < (?, ?)", (created_at, item_id)
    (remaining,) = conn.execute(f"SELECT COUNT(*) FROM items {where}", params).fetchone()
    page = [tuple(r) for r in conn.execute(
        f"SELECT id, created_at, title FROM items {where} ORDER BY created_at DESC, id DESC LIMIT ?",
        (*params, limit)).fetchall()]
    if remaining <= limit:
        return page, None
    text = f"{page[-1][1]}_{page[-1][0]}"
    return page, text + "." + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
