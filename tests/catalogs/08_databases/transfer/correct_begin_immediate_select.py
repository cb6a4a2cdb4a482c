# BEGIN IMMEDIATE takes the write lock first; then read, check and write absolute values.
import sqlite3


def transfer(conn, src, dst, amount):
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise ValueError("amount must be a positive int")
    if src == dst:
        raise ValueError("same account")
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = dict(conn.execute("SELECT id, balance FROM accounts WHERE id IN (?, ?)", (src, dst)).fetchall())
        if src not in rows or dst not in rows:
            raise KeyError(src if src not in rows else dst)
        if rows[src] < amount:
            raise ValueError(f"account {src} has {rows[src]}, cannot pay {amount}")
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (rows[src] - amount, src))
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (rows[dst] + amount, dst))
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
