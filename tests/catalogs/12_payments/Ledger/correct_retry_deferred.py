import sqlite3


class Ledger:
    """A deferred transaction, and the whole transaction retried when SQLite says 'database is locked'
    (a transaction that has read cannot wait for the write lock: it must start over)."""

    def __init__(self, conn):
        self.conn = conn

    def _balance(self, account_id):
        return self.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?",
                                 (account_id,)).fetchone()[0]

    def post(self, txn_id, postings):
        if type(txn_id) is not str or not txn_id:
            raise ValueError("txn_id must be a non-empty str")
        pairs = [(p[0], p[1]) for p in postings]
        if len(pairs) < 2:
            raise ValueError("two postings at least")
        for _, amount in pairs:
            if type(amount) is not int or not amount:
                raise ValueError(f"bad amount {amount!r}")
        if sum(amount for _, amount in pairs) != 0:
            raise ValueError("the postings must sum to zero")
        for attempt in range(1000):
            try:
                with self.conn:
                    self.conn.execute("BEGIN")
                    if self.conn.execute("SELECT COUNT(*) FROM transactions WHERE id = ?", (txn_id,)).fetchone()[0]:
                        return False
                    for account in dict.fromkeys(a for a, _ in pairs):
                        row = self.conn.execute("SELECT allow_negative FROM accounts WHERE id = ?",
                                                (account,)).fetchone()
                        if row is None:
                            raise LookupError(account)
                        change = sum(amount for a, amount in pairs if a == account)
                        if row[0] == 0 and change < 0 and self._balance(account) + change < 0:
                            raise ValueError(f"overdraft on {account}")
                    self.conn.execute("INSERT INTO transactions (id) VALUES (?)", (txn_id,))
                    for account, amount in pairs:
                        self.conn.execute("INSERT INTO postings (txn_id, account_id, amount) VALUES (?, ?, ?)",
                                          (txn_id, account, amount))
                return True
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
        raise RuntimeError("the ledger stayed locked")

    def balance(self, account_id):
        if self.conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() is None:
            raise LookupError(account_id)
        return self._balance(account_id)
