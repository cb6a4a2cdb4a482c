# fails: test-transfer-concurrent :: A: 1->2 30 and B: 1->3 50, statements alternating: both complete, nothing lost
# fails: test-transfer-concurrent :: other orders: both complete, nothing lost
# fails: test-transfer-concurrent :: transfers in opposite directions, and into one account: both complete, nothing lost
# fails: test-transfer-concurrent :: two transfers competing for the same money: exactly one raises ValueError, no overdraft
# Reads outside any transaction (Python opens none before a SELECT), writes computed values: lost update.
def transfer(conn, src, dst, amount):
    if type(amount) is not int or amount <= 0 or src == dst:
        raise ValueError("bad transfer")
    with conn:
        a = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
        b = conn.execute("SELECT balance FROM accounts WHERE id = ?", (dst,)).fetchone()
        if a is None or b is None:
            raise LookupError("no such account")
        if a[0] < amount:
            raise ValueError("not enough money")
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (a[0] - amount, src))
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (b[0] + amount, dst))
