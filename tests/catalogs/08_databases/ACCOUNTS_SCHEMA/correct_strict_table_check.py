# A STRICT table (types enforced), the CHECK written as a table constraint.
ACCOUNTS_SCHEMA = """
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    balance INTEGER NOT NULL,
    CHECK (balance >= 0)
) STRICT;
"""
