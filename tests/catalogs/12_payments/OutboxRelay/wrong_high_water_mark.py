# fails: test-relay-basics :: new events, and a late-committing event with a smaller id, are picked up by the next call
import time


class OutboxRelay:
    """Remembers the last id it published and asks only for larger ids: a transaction that got a
    smaller id but committed later is never published."""

    def __init__(self, conn, broker, clock=time.time, batch_size=100):
        if type(batch_size) is not int or batch_size < 1:
            raise ValueError("batch_size")
        self.conn, self.broker, self.clock, self.batch_size = conn, broker, clock, batch_size
        self.last_id = 0

    def relay_once(self):
        rows = self.conn.execute("SELECT id, event_id, topic, payload FROM outbox "
                                 "WHERE published_at IS NULL AND id > ? ORDER BY id LIMIT ?",
                                 (self.last_id, self.batch_size)).fetchall()
        for row_id, event_id, topic, payload in rows:
            self.broker.publish(event_id, topic, payload)
            with self.conn:
                self.conn.execute("UPDATE outbox SET published_at = ? WHERE id = ?", (self.clock(), row_id))
            self.last_id = row_id
        return len(rows)
