# fails: test-indexes-no-scan :: every statement is a CREATE INDEX that runs on the schema
# fails: test-indexes-no-scan :: no named query scans a table or an index
# fails: test-indexes-no-scan :: the named queries find rows through an index (SEARCH ... USING ... INDEX)
# A table and a view sneak in: only CREATE INDEX statements belong in INDEXES.
INDEXES = [
    "CREATE UNIQUE INDEX customers_by_email ON customers (email)",
    "CREATE TABLE order_totals (customer_id INTEGER PRIMARY KEY, total INTEGER)",
    "CREATE INDEX orders_by_status_time ON orders (status, created_at)",
    "CREATE INDEX orders_by_customer_time ON orders (customer_id, created_at, total_cents)",
]
