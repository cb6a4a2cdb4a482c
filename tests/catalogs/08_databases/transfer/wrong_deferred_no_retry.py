# fails: test-transfer-concurrent :: A: 1->2 30 and B: 1->3 50, statements alternating: both complete, nothing lost
# fails: test-transfer-concurrent :: other orders: both complete, nothing lost
# fails: test-transfer-concurrent :: transfers in opposite directions, and into one account: both complete, nothing lost
# fails: test-transfer-concurrent :: two transfers competing for the same money: exactly one raises ValueError, no overdraft
# A deferred BEGIN, a read, then a write: under contention SQLite refuses the second writer.
def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0 or src == dst:
        raise ValueError("bad transfer")
    with conn:
        conn.execute("BEGIN")
        row = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
        if row is None or conn.execute("SELECT 1 FROM accounts WHERE id = ?", (dst,)).fetchone() is None:
            raise LookupError("no such account")
        if row[0] < amount:
            raise ValueError("not enough money")
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (row[0] - amount, src))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
