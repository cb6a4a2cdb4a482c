# A plain (not UNIQUE) email index, and one orders index that covers both customer queries.
INDEXES = [
    "CREATE INDEX customers_email ON customers (email)",
    "CREATE INDEX orders_status ON orders (status, created_at)",
    "CREATE INDEX orders_customer ON orders (customer_id, created_at, total_cents, status)",
]
