# Explicit transactions (isolation_level None), a read-check-write, and a retry of the whole
# transaction when SQLite says "database is locked".
import sqlite3


def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0 or src == dst:
        raise ValueError("bad transfer")
    conn.isolation_level = None
    for attempt in range(100):
        conn.execute("BEGIN")
        try:
            row = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
            if row is None or conn.execute("SELECT 1 FROM accounts WHERE id = ?", (dst,)).fetchone() is None:
                raise LookupError("no such account")
            if row[0] < amount:
                raise ValueError("not enough money")
            conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (row[0] - amount, src))
            conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
            conn.execute("COMMIT")
            return None
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            if "locked" not in str(exc):
                raise
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    raise RuntimeError("the database stayed locked")
