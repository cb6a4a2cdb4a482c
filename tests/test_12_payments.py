"""Notebook 12 (payments): the catalog of variants, and the helpers of course/runtime/payments.py:
the grader-side fakes (provider, broker, saga services), crash injection across SQL and service
calls, the gate for provider calls in a Redis race, and the teaching simulations.

Uses Redis (fakeredis by default; `make test-redis` runs it again on a real redis-server).
"""
import json
import math
import sqlite3

import pytest

from harness import catalog_test

from course.runtime.interleave import Interleaving
from course.runtime.payments import (LEDGER_SCHEMA, OUTBOX_SCHEMA, Broker, FakeService, IdempotencyKeyReused,
                                     Process, Provider, RemoteService, RequestInProgress, SagaServices,
                                     ServiceUnavailable, ServiceView, SimulatedCrash, StepFailed, _unwrap,
                                     duplicate_charges, duplicate_charges_formula, reconcile, reset_database,
                                     settlement_demo, two_phase_commit)
from course.runtime.sql import Connection, Database

pytestmark = pytest.mark.redis

CONTRACT = {
    "IdempotentPayments": {"__init__": "(self, redis, provider, ttl=86400, prefix='idem')",
                           "charge": "(self, idempotency_key, request)"},
    "Ledger": {"__init__": "(self, conn)", "post": "(self, txn_id, postings)", "balance": "(self, account_id)"},
    "OutboxRelay": {"__init__": "(self, conn, broker, clock=time.time, batch_size=100)",
                    "relay_once": "(self)"},
    "SagaOrchestrator": {"__init__": "(self, conn, services, steps)", "run": "(self, saga_id, payload)",
                         "recover": "(self)"},
}

test_catalog = catalog_test("12_payments")

ADA = {"customer": "cus_ada", "amount": 2500, "currency": "eur"}
STEPS = [("reserve_stock", "release_stock"), ("charge_card", "refund_card"), ("book_courier", None)]


# -- the remote-service wrapper ---------------------------------------------------------------------------
def test_remote_service_raises_what_the_fake_reports():
    class Handle:
        def __init__(self, answer):
            self.answer, self.calls = answer, []

        def invoke(self, operation, args):
            self.calls.append((operation, args))
            return self.answer

    ok = Handle({"ok": True, "value": {"id": "ch_1"}})
    assert RemoteService(ok).charge({"a": 1}) == {"id": "ch_1"} and ok.calls == [("charge", [{"a": 1}])]
    for name, kind in [("StepFailed", StepFailed), ("ServiceUnavailable", ServiceUnavailable),
                       ("IdempotencyKeyReused", IdempotencyKeyReused), ("RequestInProgress", RequestInProgress),
                       ("ValueError", ValueError), ("ConnectionError", ConnectionError),
                       ("SystemExit", RuntimeError), ("NoSuchThing", RuntimeError)]:
        with pytest.raises(kind):
            RemoteService(Handle({"ok": False, "error": name, "message": "x"})).op()
    with pytest.raises(SimulatedCrash):
        RemoteService(Handle({"ok": False, "crash": True, "message": "gone"})).op()
    with pytest.raises(RuntimeError):
        _unwrap("not a dict")
    with pytest.raises(AttributeError):
        RemoteService(ok)._private                          # noqa: B018 - only public operations are forwarded
    assert issubclass(ServiceUnavailable, ConnectionError) and issubclass(IdempotencyKeyReused, ValueError)


def test_fake_service_refuses_unknown_operations_and_bad_arguments():
    provider = Provider()
    assert provider.invoke("refund", [ADA])["error"] == "AttributeError"
    assert provider.invoke("charge", "not a list")["error"] == "TypeError"
    assert provider.invoke("charge", [ADA, "extra"])["error"] == "TypeError"
    assert provider.invoke("charge", ["not a dict"])["error"] == "TypeError"
    assert FakeService.__remote_methods__ == ("invoke",)
    assert Provider.__remote_wrapper__ == "course.runtime.payments:RemoteService"


# -- the fakes -------------------------------------------------------------------------------------------------
def test_provider_charges_every_call_and_numbers_them():
    provider = Provider(declines={"cus_bob"}, unavailable={2})
    first = provider.charge(ADA)
    assert first == {"id": "ch_0001", "amount": 2500, "currency": "eur", "customer": "cus_ada", "status": "succeeded"}
    with pytest.raises(ServiceUnavailable):
        provider.charge(ADA)                                  # call 2: nothing charged, no id used
    assert provider.charge(ADA)["id"] == "ch_0002"            # no idempotency of its own: a second charge
    declined = provider.charge({**ADA, "customer": "cus_bob"})
    assert declined["status"] == "declined" and declined["decline_code"] == "insufficient_funds"
    assert provider.charged == ["ch_0001", "ch_0002"] and len(provider.requests) == 4
    assert len(provider.responses) == 3


def test_provider_hook_runs_while_the_charge_is_in_flight():
    seen = []
    provider = Provider(on_charge=lambda request: seen.append((provider.in_flight, list(provider.charged))))
    provider.charge(ADA)
    assert seen == [(1, [])] and provider.in_flight == 0 and provider.charged == ["ch_0001"]


def test_broker_records_duplicates_and_fails_on_cue():
    broker = Broker(fail_on={"e2": 2})
    broker.publish("e1", "t", "{}")
    for _ in range(2):
        with pytest.raises(ServiceUnavailable):
            broker.publish("e2", "t", "{}")
    broker.publish("e2", "t", "{}")
    broker.publish("e1", "t", "{}")
    assert broker.delivered_ids() == ["e1", "e2", "e1"] and broker.first_delivery_order() == ["e1", "e2"]


def test_saga_services_are_idempotent_per_saga_and_report_effects():
    services = SagaServices(STEPS, fail={("book_courier", "s-2")}, transient={("charge_card", "s-1"): 1})
    assert services.reserve_stock("s-1", {}) == {"step": "reserve_stock", "saga": "s-1"}
    with pytest.raises(ServiceUnavailable):
        services.charge_card("s-1", {})                      # a timeout: nothing decided
    services.charge_card("s-1", {})
    services.charge_card("s-1", {})                          # a repeat: no second effect
    services.book_courier("s-1", {})
    assert services.effects("s-1") == {"reserve_stock": "applied", "charge_card": "applied", "book_courier": "applied"}
    services.reserve_stock("s-2", {})
    for _ in range(2):
        with pytest.raises(StepFailed):
            services.book_courier("s-2", {})                 # a failure replays as a failure
    services.release_stock("s-2", {})
    services.release_stock("s-2", {})                        # compensating twice undoes once
    assert services.effects("s-2") == {"reserve_stock": "compensated", "charge_card": "not run",
                                       "book_courier": "failed"}
    assert services.anomalies == []
    services.refund_card("s-2", {})                          # charge_card never took effect for s-2
    services.reserve_stock("s-2", {})                        # an action after its compensation
    assert len(services.anomalies) == 2
    with pytest.raises(AttributeError):
        services.book_courier_undo("s-1", {})                # a step without compensation has no operation
    assert services.operations_called("s-2")[:2] == ["reserve_stock", "book_courier"]


# -- crashes ----------------------------------------------------------------------------------------------------
def test_process_crash_closes_connections_rolls_back_and_stops_every_call():
    db = Database(OUTBOX_SCHEMA)
    broker = Broker()
    process = Process(crash_at=4)
    conn, view = process.connect(db), process.service(broker)
    conn.execute("INSERT INTO orders VALUES ('o-1', 'ada', 1)")      # call 1, uncommitted
    view.publish("e1", "t", "{}")                                  # call 2
    conn.execute("INSERT INTO orders VALUES ('o-2', 'ada', 1)")      # call 3
    with pytest.raises(SimulatedCrash):
        conn.commit()                                              # call 4: the process dies here
    assert process.crashed and process.calls == 4
    assert process.trace == ["SQL INSERT", "broker.publish", "SQL INSERT", "SQL COMMIT"]
    assert process.where() == "SQL INSERT, broker.publish, SQL INSERT"
    assert db.query("SELECT id FROM orders") == []                 # the open transaction was rolled back
    with pytest.raises(SimulatedCrash):
        view.publish("e2", "t", "{}")                              # nothing runs any more
    with pytest.raises(SimulatedCrash):
        conn.execute("SELECT 1")
    late = process.connect(db)                                     # a connection of a dead process is dead
    with pytest.raises(SimulatedCrash):
        late.execute("SELECT 1")
    assert broker.delivered_ids() == ["e1"] and process.calls == 4


def test_crash_at_a_service_call_kills_the_connections_too():
    db = Database(OUTBOX_SCHEMA)
    process = Process(crash_at=2)
    conn, view = process.connect(db), process.service(Broker())
    conn.execute("INSERT INTO orders VALUES ('o-1', 'ada', 1)")
    with pytest.raises(SimulatedCrash):
        view.publish("e1", "t", "{}")
    with pytest.raises(SimulatedCrash):
        conn.commit()
    assert db.query("SELECT id FROM orders") == []


def test_process_without_crash_counts_and_passes_errors_through():
    db = Database(LEDGER_SCHEMA)
    process = Process()
    conn = process.connect(db)
    assert isinstance(conn, Connection)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO postings (txn_id, account_id, amount) VALUES ('t', 'a', 0)")
    with pytest.raises(StepFailed):
        process.service(SagaServices(STEPS, fail={("reserve_stock", "s")})).reserve_stock("s", {})
    assert process.calls == 2 and not process.crashed


def test_reset_database_drops_everything_and_reapplies_the_schema():
    db = Database(LEDGER_SCHEMA)
    conn = db.connect()
    conn.execute("CREATE TABLE mine (x)")
    conn.execute("INSERT INTO accounts VALUES ('a', 0)")
    conn.commit()
    reset_database(db, LEDGER_SCHEMA)
    names = {n for (n,) in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == {"accounts", "transactions", "postings"}
    assert db.query("SELECT * FROM accounts") == []
    reset_database(db)
    assert db.query("SELECT name FROM sqlite_master WHERE type = 'table'") == []


# -- the gate: provider calls take turns with Redis commands -----------------------------------------------------
def naive_charge(r, provider, key, request):
    stored = r.get(key)
    if stored is not None:
        return json.loads(stored)
    response = provider.charge(request)
    r.set(key, json.dumps(response))
    return response


@pytest.mark.parametrize("order, trace, charges", [
    (["A", "B"] * 6, ["A:GET", "B:GET", "A:provider.charge", "B:provider.charge", "A:SET", "B:SET"], 2),
    (["A", "A", "A", "B"] * 3, ["A:GET", "A:provider.charge", "A:SET", "B:GET"], 1),
    (["A", "A", "B", "B"] * 3, ["A:GET", "A:provider.charge", "B:GET", "B:provider.charge", "A:SET", "B:SET"], 2),
])
def test_service_view_calls_take_their_turn(order, trace, charges):
    for _ in range(3):                                         # the same every time
        lab, provider = Interleaving(), Provider()
        calls = {a: (lambda c=lab.client(a), v=ServiceView(provider, actor=a, gate=lab.gate): naive_charge(c, v, "k", ADA))
                 for a in ("A", "B")}
        result = lab.run(calls, order=order)
        assert [f"{a}:{w}" for a, w in result.trace] == trace and len(provider.charged) == charges


# -- teaching helpers -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("loss, retries", [(0.0, 3), (0.01, 0), (0.01, 3), (0.2, 5)])
def test_duplicate_charges_formula(loss, retries):
    row = duplicate_charges_formula(loss, retries)
    t = 1 - (1 - loss) ** 2
    assert math.isclose(row["timeout"], t)
    assert math.isclose(row["no_answer"], t ** (retries + 1))
    expected = (1 - loss) * sum(t ** i for i in range(retries + 1)) - (1 - loss ** (retries + 1))
    assert math.isclose(row["duplicates"], expected, abs_tol=1e-12)
    if retries == 0:
        assert row["duplicates"] == pytest.approx(0.0, abs=1e-12)


def test_duplicate_charges_simulation_agrees_with_the_formula_and_keys_remove_duplicates():
    n = 100_000
    sim = duplicate_charges(n, 0.05, 3, idempotent=False, seed=1)
    formula = duplicate_charges_formula(0.05, 3)
    assert abs(sim["duplicates"] / n - formula["duplicates"]) < 4 * math.sqrt(formula["duplicates"] / n)
    assert abs(sim["no_answer"] / n - formula["no_answer"]) < 4 * math.sqrt(formula["no_answer"] / n) + 1e-4
    keyed = duplicate_charges(n, 0.05, 3, idempotent=True, seed=1)
    assert keyed["duplicates"] == 0 and keyed["no_answer"] == sim["no_answer"]
    assert duplicate_charges(1000, 0.05, 3, idempotent=False, seed=7) == duplicate_charges(1000, 0.05, 3, False, 7)


def test_two_phase_commit_blocks_while_the_coordinator_is_down():
    clean = two_phase_commit(None)
    assert clean.outcome == "committed" and clean.balances == {"bank": 70, "shop": 30} and clean.blocked == []
    down = two_phase_commit("after_prepare")
    assert down.blocked == ["bank", "shop"] and down.balances == {"bank": 100, "shop": 0}
    half = two_phase_commit("after_decision")
    assert half.blocked == ["shop"] and half.balances == {"bank": 70, "shop": 30}
    assert "committed after the restart" == half.outcome


def test_reconcile_classifies_every_mismatch():
    ours = [{"id": "a", "amount": 1}, {"id": "b", "amount": 2}, {"id": "c", "amount": 3}]
    theirs = [{"id": "b", "amount": 2}, {"id": "c", "amount": 4}, {"id": "d", "amount": 5}]
    assert reconcile(ours, theirs) == {"matched": ["b"], "amount_mismatch": [("c", 3, 4)],
                                       "missing_in_ledger": ["d"], "missing_at_provider": ["a"]}
    ledger, report = settlement_demo(charges=500, seed=3)
    result = reconcile(ledger, report)
    assert (len(result["missing_in_ledger"]), len(result["missing_at_provider"]), len(result["amount_mismatch"])) \
        == (3, 2, 1)
    assert len(result["matched"]) == 500 - 6
