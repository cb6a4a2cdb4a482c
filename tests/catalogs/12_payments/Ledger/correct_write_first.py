import sqlite3
from collections import Counter


class Ledger:
    """Write first: inserting the transaction row takes SQLite's write lock (and refuses a duplicate
    id by its PRIMARY KEY); the checks then read under that lock; any refusal rolls everything back."""

    def __init__(self, conn):
        self.conn = conn

    def post(self, txn_id, postings):
        if not isinstance(txn_id, str) or txn_id == "":
            raise ValueError("txn_id")
        postings = list(postings)
        if len(postings) < 2 or any(type(a) is not int or a == 0 for _, a in postings):
            raise ValueError("postings")
        if sum(a for _, a in postings) != 0:
            raise ValueError("unbalanced")
        net = Counter()
        for account, amount in postings:
            net[account] += amount
        try:
            with self.conn:
                self.conn.execute("INSERT INTO transactions (id) VALUES (?)", (txn_id,))
                marks = ",".join("?" * len(net))
                known = dict(self.conn.execute(
                    f"SELECT id, allow_negative FROM accounts WHERE id IN ({marks})", list(net)).fetchall())
                missing = [a for a in net if a not in known]
                if missing:
                    raise LookupError(f"unknown accounts {missing}")
                self.conn.executemany("INSERT INTO postings (txn_id, account_id, amount) VALUES (?, ?, ?)",
                                      [(txn_id, a, n) for a, n in postings])
                for account in net:
                    if not known[account]:
                        (total,) = self.conn.execute("SELECT SUM(amount) FROM postings WHERE account_id = ?",
                                                     (account,)).fetchone()
                        if (total or 0) < 0 and net[account] < 0:
                            raise ValueError(f"{account} would go to {total}")
        except sqlite3.IntegrityError:
            return False
        return True

    def balance(self, account_id):
        row = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM accounts WHERE id = ?), "
            "(SELECT TOTAL(amount) FROM postings WHERE account_id = ?)", (account_id, account_id)).fetchone()
        if row[0] == 0:
            raise LookupError(account_id)
        return int(row[1])
