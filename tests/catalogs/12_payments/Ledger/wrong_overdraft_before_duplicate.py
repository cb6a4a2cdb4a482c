# fails: test-ledger-post :: the same txn_id again returns False and writes nothing, whatever its postings
import sqlite3


class Ledger:
    """Checks the accounts and the balances first, and only then whether txn_id is recorded: a retry
    of a payment that emptied a wallet finds the wallet empty and raises ValueError instead of
    answering False (the retry, or the redelivered event, the `Once` rule exists for)."""

    def __init__(self, conn):
        self.conn = conn

    def post(self, txn_id, postings):
        if type(txn_id) is not str or not txn_id:
            raise ValueError(f"txn_id must be a non-empty str, got {txn_id!r}")
        postings = [tuple(p) for p in postings]
        if len(postings) < 2:
            raise ValueError(f"a transaction has at least two postings, got {postings!r}")
        for account, amount in postings:
            if type(amount) is not int or amount == 0:
                raise ValueError(f"amounts are non-zero ints, got {amount!r} for {account!r}")
        if sum(amount for _, amount in postings) != 0:
            raise ValueError(f"the postings of {txn_id!r} do not sum to 0")
        net = {}
        for account, amount in postings:
            net[account] = net.get(account, 0) + amount
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            for account, change in net.items():
                row = self.conn.execute("SELECT allow_negative FROM accounts WHERE id = ?", (account,)).fetchone()
                if row is None:
                    raise LookupError(f"no account {account!r}")
                if change < 0 and not row[0]:
                    (balance,) = self.conn.execute(
                        "SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?", (account,)).fetchone()
                    if balance + change < 0:
                        raise ValueError(f"account {account!r} holds {balance}: it cannot pay {-change}")
            if self.conn.execute("SELECT 1 FROM transactions WHERE id = ?", (txn_id,)).fetchone():
                return False
            self.conn.execute("INSERT INTO transactions (id) VALUES (?)", (txn_id,))
            self.conn.executemany("INSERT INTO postings (txn_id, account_id, amount) VALUES (?, ?, ?)",
                                  [(txn_id, account, amount) for account, amount in postings])
        return True

    def balance(self, account_id):
        if self.conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() is None:
            raise LookupError(f"no account {account_id!r}")
        (total,) = self.conn.execute("SELECT COALESCE(SUM(amount), 0) FROM postings WHERE account_id = ?",
                                     (account_id,)).fetchone()
        return total
