# fails: test-accounts-schema :: a balance below 0 is refused with sqlite3.IntegrityError
# fails: test-accounts-schema :: a balance of exactly 0 is allowed (>= 0, not > 0)
# fails: test-accounts-schema :: balance and owner are NOT NULL (a CHECK alone lets NULL through)
# fails: test-accounts-schema :: balance is an INTEGER column: 100 and 2.0 are stored as integers, not floating point
# fails: test-accounts-schema :: id is the primary key: a second row with the same id is refused
# fails: test-accounts-schema :: the script creates accounts(id, owner, balance); a row can be inserted and read back
# The table is called "account": every query of accounts fails.
ACCOUNTS_SCHEMA = """
CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    balance INTEGER NOT NULL CHECK (balance >= 0)
);
"""
