# fails: test-indexes-no-waste :: no index is a leading prefix of another on the same table (unless it is UNIQUE)
# (customer_id, created_at, total_cents) next to (customer_id, created_at, total_cents, status):
# both are used, but the longer one alone serves both queries (covering), so the shorter one is
# only write cost.
INDEXES = [
    "CREATE UNIQUE INDEX customers_by_email ON customers (email)",
    "CREATE INDEX orders_by_status_time ON orders (status, created_at)",
    "CREATE INDEX orders_by_customer_time ON orders (customer_id, created_at, total_cents)",
    "CREATE INDEX orders_by_customer_all ON orders (customer_id, created_at, total_cents, status)",
]
