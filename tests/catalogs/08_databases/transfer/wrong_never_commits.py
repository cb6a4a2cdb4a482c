# fails: test-transfer-atomic :: a crash before any call of transfer(conn, 1, 2, 30) leaves the balances before or after
# fails: test-transfer-atomic :: crashes in transfers between other accounts and amounts
# fails: test-transfer-basics :: several transfers on one connection each commit
# fails: test-transfer-basics :: transfer(conn, 1, 2, 30) moves 30 and commits it
# fails: test-transfer-concurrent :: A: 1->2 30 and B: 1->3 50, statements alternating: both complete, nothing lost
# fails: test-transfer-concurrent :: other orders: both complete, nothing lost
# fails: test-transfer-concurrent :: transfers in opposite directions, and into one account: both complete, nothing lost
# fails: test-transfer-concurrent :: two transfers competing for the same money: exactly one raises ValueError, no overdraft
# fails: test-transfer-overdraft :: spending the whole balance is allowed; one unit more is not
# fails: test-transfer-overdraft :: the connection still works after a refused overdraft
# Explicit BEGIN, no COMMIT: the transfer stays in an open transaction and is never seen.
import sqlite3


def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0 or src == dst:
        raise ValueError("bad transfer")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src)).rowcount != 1:
            raise LookupError(src)
        if conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst)).rowcount != 1:
            raise LookupError(dst)
    except sqlite3.IntegrityError:
        conn.rollback()
        raise ValueError("not enough money") from None
    except LookupError:
        conn.rollback()
        raise
