# fails: test-transfer-atomic :: a crash before any call of transfer(conn, 1, 2, 30) leaves the balances before or after
# fails: test-transfer-atomic :: crashes in transfers between other accounts and amounts
# Autocommit mode and no BEGIN: each UPDATE is its own transaction.
import sqlite3


def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0 or src == dst:
        raise ValueError("bad transfer")
    conn.isolation_level = None
    if conn.execute("SELECT 1 FROM accounts WHERE id = ?", (dst,)).fetchone() is None:
        raise LookupError(dst)
    try:
        if conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src)).rowcount != 1:
            raise LookupError(src)
    except sqlite3.IntegrityError:
        raise ValueError("not enough money") from None
    conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
