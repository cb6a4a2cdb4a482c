# created_at DESC (the order recent_orders asks for), IF NOT EXISTS, lower-case SQL.
INDEXES = [
    "create unique index if not exists email_idx on customers(email)",
    "create index if not exists status_time_idx on orders(status, created_at, total_cents)",
    "create index if not exists customer_time_idx on orders(customer_id, created_at desc, total_cents)",
]
