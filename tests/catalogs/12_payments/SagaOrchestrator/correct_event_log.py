import json

from course.runtime.payments import StepFailed


class SagaOrchestrator:
    """Event sourcing: an append-only log of what happened to each saga, committed after every call;
    the state is recomputed from the log whenever the saga is driven."""

    def __init__(self, conn, services, steps):
        self.conn = conn
        self.services = services
        self.steps = list(steps)
        self.conn.executescript("""
            CREATE TABLE IF NOT EXISTS saga_events (
                seq     INTEGER PRIMARY KEY AUTOINCREMENT,
                saga_id TEXT NOT NULL,
                kind    TEXT NOT NULL,      -- started, done, failed, undone, finished
                step    INTEGER,
                data    TEXT);
            CREATE INDEX IF NOT EXISTS saga_events_by_saga ON saga_events (saga_id, seq);""")

    def _append(self, saga_id, kind, step=None, data=None):
        with self.conn:
            self.conn.execute("INSERT INTO saga_events (saga_id, kind, step, data) VALUES (?, ?, ?, ?)",
                              (saga_id, kind, step, data))

    def _state(self, saga_id):
        events = self.conn.execute("SELECT kind, step, data FROM saga_events WHERE saga_id = ? ORDER BY seq",
                                   (saga_id,)).fetchall()
        if not events:
            return None
        payload, done, failed, undone, outcome = None, [], None, [], None
        for kind, step, data in events:
            if kind == "started":
                payload = json.loads(data)
            elif kind == "done":
                done.append(step)
            elif kind == "failed":
                failed = step
            elif kind == "undone":
                undone.append(step)
            elif kind == "finished":
                outcome = data
        return payload, done, failed, undone, outcome

    def run(self, saga_id, payload):
        if self._state(saga_id) is None:
            self._append(saga_id, "started", data=json.dumps(payload))
        return self._drive(saga_id)

    def recover(self):
        ids = [s for (s,) in self.conn.execute(
            "SELECT DISTINCT saga_id FROM saga_events WHERE saga_id NOT IN "
            "(SELECT saga_id FROM saga_events WHERE kind = 'finished')").fetchall()]
        for saga_id in ids:
            self._drive(saga_id)
        return ids

    def _drive(self, saga_id):
        payload, done, failed, undone, outcome = self._state(saga_id)
        if outcome is not None:
            return outcome
        if failed is None:
            for i in range(len(done), len(self.steps)):
                try:
                    getattr(self.services, self.steps[i][0])(saga_id, payload)
                except StepFailed:
                    self._append(saga_id, "failed", step=i)
                    failed = i
                    break
                self._append(saga_id, "done", step=i)
                done.append(i)
            else:
                self._append(saga_id, "finished", data="completed")
                return "completed"
        for i in reversed(done):
            if i in undone:
                continue
            if self.steps[i][1] is not None:
                getattr(self.services, self.steps[i][1])(saga_id, payload)
            self._append(saga_id, "undone", step=i)
        self._append(saga_id, "finished", data="compensated")
        return "compensated"
