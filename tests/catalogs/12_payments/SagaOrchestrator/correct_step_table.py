import json

from course.runtime.payments import StepFailed


class SagaOrchestrator:
    """Two tables: the saga (payload, phase) and one row per step with its own status, each change
    committed in its own transaction right after the call it records."""

    def __init__(self, conn, services, steps):
        self.conn, self.services, self.steps = conn, services, [tuple(s) for s in steps]
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS saga (id TEXT PRIMARY KEY, payload TEXT, phase TEXT)")
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS saga_step (saga TEXT, n INTEGER, status TEXT, "
                         "PRIMARY KEY (saga, n))")

    def run(self, saga_id, payload):
        with self.conn:
            exists = self.conn.execute("SELECT 1 FROM saga WHERE id = ?", (saga_id,)).fetchone()
            if not exists:
                self.conn.execute("INSERT INTO saga VALUES (?, ?, 'forward')", (saga_id, json.dumps(payload)))
                self.conn.executemany("INSERT INTO saga_step VALUES (?, ?, 'todo')",
                                      [(saga_id, n) for n in range(len(self.steps))])
        return self._go(saga_id)

    def recover(self):
        todo = [r[0] for r in self.conn.execute(
            "SELECT id FROM saga WHERE phase IN ('forward', 'backward')").fetchall()]
        return [s for s in todo if self._go(s) or True]

    def _set(self, saga_id, n=None, status=None, phase=None):
        with self.conn:
            if n is not None:
                self.conn.execute("UPDATE saga_step SET status = ? WHERE saga = ? AND n = ?", (status, saga_id, n))
            if phase is not None:
                self.conn.execute("UPDATE saga SET phase = ? WHERE id = ?", (phase, saga_id))

    def _go(self, saga_id):
        raw, phase = self.conn.execute("SELECT payload, phase FROM saga WHERE id = ?", (saga_id,)).fetchone()
        payload = json.loads(raw)
        status = dict(self.conn.execute("SELECT n, status FROM saga_step WHERE saga = ?", (saga_id,)).fetchall())
        if phase == "forward":
            for n, (action, _) in enumerate(self.steps):
                if status[n] != "todo":
                    continue
                try:
                    getattr(self.services, action)(saga_id, payload)
                except StepFailed:
                    self._set(saga_id, n, "failed", "backward")
                    status[n], phase = "failed", "backward"
                    break
                self._set(saga_id, n, "done")
                status[n] = "done"
            else:
                self._set(saga_id, phase="completed")
                return "completed"
        if phase == "backward":
            for n in range(len(self.steps) - 1, -1, -1):
                if status[n] != "done":
                    continue
                compensation = self.steps[n][1]
                if compensation:
                    getattr(self.services, compensation)(saga_id, payload)
                self._set(saga_id, n, "undone")
            self._set(saga_id, phase="compensated")
            return "compensated"
        return phase
