# fails: test-indexes-no-waste :: every index is used by at least one named query
# An extra index that no named query uses: pure write cost.
INDEXES = [
    "CREATE UNIQUE INDEX customers_by_email ON customers (email)",
    "CREATE INDEX orders_by_status_time ON orders (status, created_at)",
    "CREATE INDEX orders_by_customer_time ON orders (customer_id, created_at, total_cents)",
    "CREATE INDEX orders_by_total ON orders (total_cents)",
]
