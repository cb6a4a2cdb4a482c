import time


class OutboxRelay:
    """Looks up the oldest unpublished row, publishes it, marks it; at most batch_size times."""

    def __init__(self, conn, broker, clock=time.time, batch_size=100):
        if type(batch_size) is not int or batch_size < 1:
            raise ValueError(f"batch_size {batch_size!r}")
        self.conn = conn
        self.broker = broker
        self.clock = clock
        self.batch_size = batch_size

    def relay_once(self):
        count = 0
        while count < self.batch_size:
            row = self.conn.execute("SELECT id, event_id, topic, payload FROM outbox WHERE published_at IS NULL "
                                    "ORDER BY id LIMIT 1").fetchone()
            if row is None:
                break
            row_id, event_id, topic, payload = row
            self.broker.publish(event_id, topic, payload)
            with self.conn:
                self.conn.execute("UPDATE outbox SET published_at = ? WHERE id = ? AND published_at IS NULL",
                                  (self.clock(), row_id))
            count += 1
        return count
