# fails: test-list-items-concurrent :: a row inserted in the cursor's tie group is served only if it sorts after the cursor's row
# fails: test-list-items-concurrent :: newer rows inserted between pages are not served; nothing is served twice or skipped
# fails: test-list-items-concurrent :: rows deleted behind the cursor shift nothing: no row is skipped
# fails: test-list-items-concurrent :: the cursor's own row deleted before the next call: the walk continues from its position
"""Wrong: a signed cursor that holds an OFFSET: new rows at the head shift the next page."""
import base64
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    offset = 0
    if cursor is not None:
        try:
            text, tag = cursor.split(".")
        except (AttributeError, ValueError):
            raise ValueError("cursor") from None
        if not hmac.compare_digest(tag, hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()):
            raise ValueError("cursor")
        offset = int(text)
    rows = conn.execute("SELECT id, created_at, title FROM items ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                        (limit + 1, offset)).fetchall()
    page = [tuple(r) for r in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    text = str(offset + limit)
    return page, text + "." + hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()
