# fails: test-list-items-pages :: each call runs one statement, bounded by a LIMIT (50,050 rows: no full scan into Python)
"""Wrong: reads the whole table and pages in Python (correct answers, unbounded work)."""
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    rows = [tuple(r) for r in conn.execute("SELECT id, created_at, title FROM items "
                                           "ORDER BY created_at DESC, id DESC").fetchall()]
    if cursor is not None:
        try:
            text, tag = cursor.split(".")
            created_at, item_id = map(int, text.split("_"))
        except (AttributeError, ValueError):
            raise ValueError("cursor") from None
        if not hmac.compare_digest(tag, hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()):
            raise ValueError("cursor")
        rows = [r for r in rows if (r[1], r[0]) < (created_at, item_id)]
    page = rows[:limit]
    if len(rows) <= limit:
        return page, None
    text = f"{page[-1][1]}_{page[-1][0]}"
    return page, text + "." + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
