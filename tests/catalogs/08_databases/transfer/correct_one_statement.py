# One UPDATE moves the money in both rows: atomic by itself.
import sqlite3


def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    if src == dst:
        raise ValueError("same account")
    with conn:
        found = conn.execute("SELECT count(*) FROM accounts WHERE id IN (?, ?)", (src, dst)).fetchone()[0]
        if found != 2:
            raise LookupError("unknown account")
        try:
            cur = conn.execute(
                "UPDATE accounts SET balance = balance + CASE id WHEN ? THEN -? ELSE ? END WHERE id IN (?, ?)",
                (src, amount, amount, src, dst))
        except sqlite3.IntegrityError:
            raise ValueError("not enough money") from None
        if cur.rowcount != 2:
            raise LookupError("an account disappeared")
