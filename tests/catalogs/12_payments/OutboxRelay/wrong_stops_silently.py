# fails: test-relay-broker-errors :: the broker refuses e2: the call raises, e3 waits, e2 stays unpublished; the next call sends e2, e3
# fails: test-relay-broker-errors :: the broker refuses the first event twice: nothing published, nothing marked, then all in order
# fails: test-relay-broker-errors :: the broker refuses the last event: the others are delivered once the broker is back, none lost
import time


class OutboxRelay:
    """Stops at a broker error, as it should, but swallows it: the caller (a scheduler, an alert)
    never learns that the broker is refusing events."""

    def __init__(self, conn, broker, clock=time.time, batch_size=100):
        if type(batch_size) is not int or batch_size < 1:
            raise ValueError("batch_size")
        self.conn, self.broker, self.clock, self.batch_size = conn, broker, clock, batch_size

    def relay_once(self):
        rows = self.conn.execute("SELECT id, event_id, topic, payload FROM outbox WHERE published_at IS NULL "
                                 "ORDER BY id LIMIT ?", (self.batch_size,)).fetchall()
        published = 0
        for row_id, event_id, topic, payload in rows:
            try:
                self.broker.publish(event_id, topic, payload)
            except ConnectionError:
                break
            with self.conn:
                self.conn.execute("UPDATE outbox SET published_at = ? WHERE id = ?", (self.clock(), row_id))
            published += 1
        return published
