# fails: test-ledger-crash :: a crash before any call of a payment, then a retry: recorded exactly once
# fails: test-ledger-race :: other orders: one succeeds, one ValueError, no overdraft
# fails: test-ledger-race :: two payments of 60 from 100, statements alternating: one succeeds, one ValueError, no overdraft
class Ledger:
    """Commits the transaction row, then each posting on its own: a crash in between leaves a
    half-written transaction whose postings do not sum to zero."""

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
        net = {}
        for account, amount in postings:
            net[account] = net.get(account, 0) + amount
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            if self.conn.execute("SELECT 1 FROM transactions WHERE id = ?", (txn_id,)).fetchone():
                return False
            for account, change in net.items():
                row = self.conn.execute("SELECT allow_negative FROM accounts WHERE id = ?", (account,)).fetchone()
                if row is None:
                    raise LookupError(account)
                if change < 0 and not row[0]:
                    (total,) = self.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?",
                                                 (account,)).fetchone()
                    if total + change < 0:
                        raise ValueError(f"overdraft on {account}")
            self.conn.execute("INSERT INTO transactions (id) VALUES (?)", (txn_id,))
        for account, amount in postings:
            with self.conn:
                self.conn.execute("INSERT INTO postings (txn_id, account_id, amount) VALUES (?, ?, ?)",
                                  (txn_id, account, amount))
        return True

    def balance(self, account_id):
        if self.conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() is None:
            raise LookupError(account_id)
        return self.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?",
                                 (account_id,)).fetchone()[0]
