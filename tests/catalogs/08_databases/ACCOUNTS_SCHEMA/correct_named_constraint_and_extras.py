# A named constraint, an extra column with a default, and an index: several statements.
ACCOUNTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id         INTEGER NOT NULL PRIMARY KEY,
    owner      TEXT    NOT NULL CHECK (length(owner) >= 0),
    balance    INTEGER NOT NULL DEFAULT 0 CONSTRAINT no_overdraft CHECK (NOT balance < 0),
    currency   TEXT    NOT NULL DEFAULT 'EUR'
);
CREATE INDEX accounts_by_owner ON accounts (owner);
"""
