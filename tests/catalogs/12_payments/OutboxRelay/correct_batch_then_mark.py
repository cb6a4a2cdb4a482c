import time


class OutboxRelay:
    """Publishes the whole batch, then marks what went out in one UPDATE (also when the broker
    fails half-way, before the error propagates). More duplicates after a crash, fewer writes."""

    def __init__(self, conn, broker, clock=time.time, batch_size=100):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError("batch_size must be a positive int")
        self.conn, self.broker, self.clock, self.batch_size = conn, broker, clock, batch_size

    def _mark(self, ids):
        if ids:
            with self.conn:
                self.conn.execute(f"UPDATE outbox SET published_at = ? WHERE id IN ({','.join('?' * len(ids))})",
                                  [self.clock(), *ids])

    def relay_once(self):
        cursor = self.conn.execute("SELECT id, event_id, topic, payload FROM outbox "
                                   "WHERE published_at IS NULL ORDER BY id LIMIT ?", (self.batch_size,))
        rows = cursor.fetchall()
        self.conn.commit()                      # end the read: nothing was written
        sent = []
        try:
            for row in rows:
                self.broker.publish(row[1], row[2], row[3])
                sent.append(row[0])
        finally:
            self._mark(sent)
        return len(sent)
