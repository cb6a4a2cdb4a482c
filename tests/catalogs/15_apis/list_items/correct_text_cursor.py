"""Correct: a readable cursor "created_at~id~hexmac" (readable is allowed: opaque means "do not
build it yourself", and the MAC makes any edit fail); the page read through a CTE."""
import hashlib
import hmac


def list_items(conn, secret, limit=10, cursor=None):
    if type(limit) is not int or limit not in range(1, 101):
        raise ValueError(f"bad limit {limit!r}")
    where, args = "", ()
    if cursor is not None:
        parts = cursor.split("~") if isinstance(cursor, str) else []
        if len(parts) != 3:
            raise ValueError("bad cursor")
        body = f"{parts[0]}~{parts[1]}".encode("utf-8", "replace")
        want = hmac.new(secret, body, hashlib.sha512).hexdigest()
        if not hmac.compare_digest(want.encode(), parts[2].encode("utf-8", "replace")):
            raise ValueError("bad cursor signature")
        where, args = "WHERE (created_at, id) < (?, ?)", (int(parts[0]), int(parts[1]))
    found = conn.execute(
        f"WITH page AS (SELECT id, created_at, title FROM items {where} "
        f"ORDER BY created_at DESC, id DESC LIMIT {limit + 1}) SELECT * FROM page ORDER BY created_at DESC, id DESC",
        args).fetchall()
    page = [(r[0], r[1], r[2]) for r in found[:limit]]
    if len(found) == limit + 1:
        body = f"{page[-1][1]}~{page[-1][0]}"
        return page, body + "~" + hmac.new(secret, body.encode(), hashlib.sha512).hexdigest()
    return page, None
