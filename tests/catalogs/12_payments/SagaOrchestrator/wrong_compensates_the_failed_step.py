# fails: test-saga-compensate :: the failed step is not compensated; failing at the first step compensates nothing
# fails: test-saga-recover :: the state lives in the database: two databases with the same saga id resume independently
import json

from course.runtime.payments import StepFailed


class SagaOrchestrator:
    """Counts the failed step among those to undo: its compensation runs although it did nothing
    (a refund of a charge that was declined)."""

    def __init__(self, conn, services, steps):
        self.conn, self.services, self.steps = conn, services, [tuple(s) for s in steps]
        conn.isolation_level = None
        conn.execute("CREATE TABLE IF NOT EXISTS sagas (id TEXT PRIMARY KEY, payload TEXT, status TEXT, "
                     "done INTEGER, failed INTEGER, undone INTEGER)")

    def _set(self, saga_id, **fields):
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.conn.execute(f"UPDATE sagas SET {sets} WHERE id = ?", (*fields.values(), saga_id))

    def run(self, saga_id, payload):
        self.conn.execute("INSERT OR IGNORE INTO sagas VALUES (?, ?, 'running', 0, NULL, 0)",
                          (saga_id, json.dumps(payload)))
        return self._drive(saga_id)

    def recover(self):
        ids = [s for (s,) in self.conn.execute(
            "SELECT id FROM sagas WHERE status IN ('running', 'compensating')").fetchall()]
        for saga_id in ids:
            self._drive(saga_id)
        return ids

    def _drive(self, saga_id):
        raw, status, done, failed, undone = self.conn.execute(
            "SELECT payload, status, done, failed, undone FROM sagas WHERE id = ?", (saga_id,)).fetchone()
        payload = json.loads(raw)
        while status == "running" and done < len(self.steps):
            try:
                getattr(self.services, self.steps[done][0])(saga_id, payload)
            except StepFailed:
                status, failed = "compensating", done
                done += 1                                   # "the failed step must be undone too"
                self._set(saga_id, status=status, failed=failed, done=done)
                break
            done += 1
            self._set(saga_id, done=done)
        if status == "running":
            status = "completed"
            self._set(saga_id, status=status)
        # compensate done-1, done-2, ..., 0: `undone` counts the compensations made
        while status == "compensating" and undone < done:
            compensation = self.steps[done - 1 - undone][1]
            if compensation:
                getattr(self.services, compensation)(saga_id, payload)
            undone += 1
            self._set(saga_id, undone=undone)
        if status == "compensating":
            status = "compensated"
            self._set(saga_id, status=status)
        return status
