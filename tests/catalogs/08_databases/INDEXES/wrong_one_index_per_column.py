# fails: test-indexes-no-waste :: every index is used by at least one named query
# fails: test-indexes-shape :: customer_spend is answered from a covering index
# fails: test-indexes-shape :: recent_orders gets its rows in created_at order from an index (no TEMP B-TREE)
# fails: test-indexes-shape :: status_since searches on both columns: status=? AND created_at>?
# One single-column index per filtered column: SQLite uses one index per table access, so the
# composite searches, the sort and the covering never happen, and some indexes go unused.
INDEXES = [
    "CREATE INDEX c_email ON customers (email)",
    "CREATE INDEX o_customer ON orders (customer_id)",
    "CREATE INDEX o_status ON orders (status)",
    "CREATE INDEX o_created ON orders (created_at)",
]
