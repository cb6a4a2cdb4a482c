# fails: test-ledger-race :: other orders: one succeeds, one ValueError, no overdraft
# fails: test-ledger-race :: two payments of 60 from 100, statements alternating: one succeeds, one ValueError, no overdraft
import sqlite3


class Ledger:
    """Reads the balances first (Python's sqlite3 opens no transaction before a SELECT), then inserts
    in a transaction: two payments both see the money only one of them can spend."""

    def __init__(self, conn):
        self.conn = conn

    def post(self, txn_id, postings):
        if type(txn_id) is not str or not txn_id:
            raise ValueError("txn_id")
        postings = [tuple(p) for p in postings]
        if len(postings) < 2 or any(type(a) is not int or a == 0 for _, a in postings):
            raise ValueError("postings")
        if sum(a for _, a in postings) != 0:
            raise ValueError("unbalanced")
        if self.conn.execute("SELECT 1 FROM transactions WHERE id = ?", (txn_id,)).fetchone():
            return False
        net = {}
        for account, amount in postings:
            net[account] = net.get(account, 0) + amount
        for account, change in net.items():
            row = self.conn.execute("SELECT allow_negative FROM accounts WHERE id = ?", (account,)).fetchone()
            if row is None:
                raise LookupError(account)
            if change < 0 and not row[0] and self.balance(account) + change < 0:
                raise ValueError(f"overdraft on {account}")
        try:
            with self.conn:
                self.conn.execute("INSERT INTO transactions (id) VALUES (?)", (txn_id,))
                self.conn.executemany("INSERT INTO postings (txn_id, account_id, amount) VALUES (?, ?, ?)",
                                      [(txn_id, a, n) for a, n in postings])
        except sqlite3.IntegrityError:
            return False
        return True

    def balance(self, account_id):
        if self.conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() is None:
            raise LookupError(account_id)
        return self.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?",
                                 (account_id,)).fetchone()[0]
