# fails: test-saga-crash-compensated :: book_courier fails; a crash before any call, then recover() and run(): compensated in reverse
# fails: test-saga-crash-completed :: a crash before any call of a saga that completes, then recover() and run(): completed, no step lost or doubled
# fails: test-saga-recover :: a crash in the middle of a saga: recover() on a new orchestrator finishes it and returns its id
# fails: test-saga-recover :: several unfinished sagas, one finished and one compensating: recover() finishes the unfinished ones
# fails: test-saga-recover :: the state lives in the database: two databases with the same saga id resume independently
# fails: test-saga-run :: two orchestrators on one database share the sagas
from course.runtime.payments import StepFailed


class SagaOrchestrator:
    """Keeps the sagas in a dict of its own: correct while nothing crashes, and a restarted
    orchestrator knows nothing of the sagas that were running."""

    def __init__(self, conn, services, steps):
        self.services, self.steps = services, list(steps)
        self.sagas = {}

    def run(self, saga_id, payload):
        if saga_id not in self.sagas:
            self.sagas[saga_id] = {"payload": payload, "status": "running", "next": 0}
        return self._drive(saga_id)

    def recover(self):
        unfinished = [s for s, v in self.sagas.items() if v["status"] in ("running", "compensating")]
        for saga_id in unfinished:
            self._drive(saga_id)
        return unfinished

    def _drive(self, saga_id):
        saga = self.sagas[saga_id]
        while saga["status"] == "running":
            if saga["next"] == len(self.steps):
                saga["status"] = "completed"
                break
            try:
                getattr(self.services, self.steps[saga["next"]][0])(saga_id, saga["payload"])
                saga["next"] += 1
            except StepFailed:
                saga["status"], saga["next"] = "compensating", saga["next"] - 1
        while saga["status"] == "compensating":
            if saga["next"] < 0:
                saga["status"] = "compensated"
                break
            compensation = self.steps[saga["next"]][1]
            if compensation:
                getattr(self.services, compensation)(saga_id, saga["payload"])
            saga["next"] -= 1
        return saga["status"]
