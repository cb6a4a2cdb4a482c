"""Correct: the position packed as two signed 64-bit integers, a truncated 16-byte MAC appended,
the whole encoded as one base64url token; the row comparison written out with OR."""
import base64
import hashlib
import hmac
import struct


def _mac(secret, payload):
    return hmac.new(secret, b"items-cursor:" + payload, hashlib.sha256).digest()[:16]


def list_items(conn, secret, limit=10, cursor=None):
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1 or limit > 100:
        raise ValueError("limit")
    sql = "SELECT id, created_at, title FROM items"
    params = []
    if cursor is not None:
        if not isinstance(cursor, str) or not cursor.isascii():
            raise ValueError("cursor")
        try:
            raw = base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4))
        except Exception:
            raise ValueError("cursor") from None
        if len(raw) != 32 or not hmac.compare_digest(raw[16:], _mac(secret, raw[:16])):
            raise ValueError("cursor")
        created_at, item_id = struct.unpack(">qq", raw[:16])
        sql += " WHERE created_at < ? OR (created_at = ? AND id < ?)"
        params = [created_at, created_at, item_id]
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
    rows = [tuple(r) for r in conn.execute(sql, params + [limit + 1]).fetchall()]
    more = len(rows) > limit
    rows = rows[:limit]
    if not more:
        return rows, None
    payload = struct.pack(">qq", rows[-1][1], rows[-1][0])
    return rows, base64.urlsafe_b64encode(payload + _mac(secret, payload)).decode().rstrip("=")
