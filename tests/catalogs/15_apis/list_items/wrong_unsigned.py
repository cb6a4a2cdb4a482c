# fails: test-list-items-cursor :: a cursor made with another secret raises ValueError
"""Wrong: an opaque but unsigned cursor (base64url JSON): anyone can edit or forge it."""
import base64
import json


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or not 1 <= limit <= 100:
        raise ValueError("limit")
    where, params = "", ()
    if cursor is not None:
        try:
            created_at, item_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            created_at, item_id = int(created_at), int(item_id)
        except Exception:
            raise ValueError("cursor") from None
        where, params = "WHERE (created_at, id) < (?, ?)", (created_at, item_id)
    rows = conn.execute(f"SELECT id, created_at, title FROM items {where} ORDER BY created_at DESC, id DESC LIMIT ?",
                        (*params, limit + 1)).fetchall()
    page = [tuple(r) for r in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    return page, base64.urlsafe_b64encode(json.dumps([page[-1][1], page[-1][0]]).encode()).decode().rstrip("=")
