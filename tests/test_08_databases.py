"""08_databases: the catalog of variants, and the helpers behind the tests (course.runtime.sql,
course.runtime.databases): the guard, forced interleavings, injected crashes, the LSM disk."""
import math
import sqlite3
import time

import pytest

from harness import catalog_test

CONTRACT = {
    "ACCOUNTS_SCHEMA": None,
    "transfer": "(conn, src, dst, amount)",
    "INDEXES": None,
    "BloomFilter": {"__init__": "(self, capacity, fp_rate)", "add": "(self, item)",
                    "might_contain": "(self, item)"},
    "LSMStore": {"__init__": "(self, disk, memtable_limit=1000, fp_rate=0.01)", "put": "(self, key, value)",
                 "delete": "(self, key)", "get": "(self, key, default=None)", "flush": "(self)",
                 "compact": "(self)"},
    "ConnectionPool": {"__init__": "(self, connect, size, timeout=30.0, clock=time.monotonic, sleep=time.sleep)",
                       "acquire": "(self, timeout=None)", "release": "(self, conn)"},
    "STORE_FAMILY": None,
}
test_catalog = catalog_test("08_databases")

BANK = """CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL,
                                balance INTEGER NOT NULL CHECK (balance >= 0));"""


def bank(*balances):
    from course.runtime.sql import Database

    db = Database(BANK)
    for i, b in enumerate(balances, start=1):
        db.execute("INSERT INTO accounts VALUES (?, ?, ?)", (i, f"o{i}", b))
    return db


def balances(db):
    return [r[0] for r in db.query("SELECT balance FROM accounts ORDER BY id")]


def atomic(conn, src, dst, amount):
    with conn:
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))


def read_modify_write(conn, src, dst, amount):
    with conn:
        (a,) = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
        (b,) = conn.execute("SELECT balance FROM accounts WHERE id = ?", (dst,)).fetchone()
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (a - amount, src))
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (b + amount, dst))


def deferred_read_then_write(conn, src, dst, amount):
    with conn:
        conn.execute("BEGIN")
        (a,) = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (a - amount, src))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))


def race(move, order=("A", "B") * 12):
    from course.runtime.sql import SQLLab

    lab = SQLLab(bank(100, 0, 0))
    a, b = lab.connection("A"), lab.connection("B")
    result = lab.run({"A": lambda: move(a, 1, 2, 30), "B": lambda: move(b, 1, 3, 50)}, order=list(order))
    return result, balances(lab.db)


# -- course.runtime.sql: the connection behaves like sqlite3 ------------------------------------------------
def test_connection_api_matches_sqlite3():
    db = bank(100, 0)
    conn = db.connect()
    cur = conn.execute("SELECT id, balance FROM accounts ORDER BY id")
    assert [d[0] for d in cur.description] == ["id", "balance"] and cur.rowcount == -1
    assert cur.fetchone() == (1, 100) and cur.fetchall() == [(2, 0)] and cur.fetchone() is None
    cur = conn.cursor()
    cur.execute("INSERT INTO accounts (owner, balance) VALUES ('x', 5)")
    assert cur.lastrowid == 3 and cur.rowcount == 1 and conn.in_transaction is True
    assert balances(db) == [100, 0]                  # not committed yet: the test sees committed data
    conn.commit()
    assert conn.in_transaction is False and balances(db) == [100, 0, 5]
    cur = conn.executemany("UPDATE accounts SET balance = balance + 1 WHERE id = ?", [(1,), (2,)])
    assert cur.rowcount == 2
    conn.rollback()
    assert balances(db) == [100, 0, 5]
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT id, balance AS Bal FROM accounts WHERE id = 1").fetchone()
    assert row["bal"] == 100 and row[0] == 1 and row.keys() == ["id", "Bal"]
    assert [r[0] for r in conn.execute("SELECT id FROM accounts ORDER BY id")] == [1, 2, 3]
    assert conn.execute("SELECT 1").fetchmany(5) == [(1,)]


def test_with_block_commits_or_rolls_back_and_errors_are_sqlite3_classes():
    db = bank(100, 0)
    conn = db.connect()
    with conn:
        conn.execute("UPDATE accounts SET balance = 90 WHERE id = 1")
    assert balances(db) == [90, 0]
    with pytest.raises(sqlite3.IntegrityError) as info:
        with conn:
            conn.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
            conn.execute("UPDATE accounts SET balance = -1 WHERE id = 1")
    assert info.value.sqlite_errorname == "SQLITE_CONSTRAINT_CHECK"
    assert balances(db) == [90, 0] and conn.in_transaction is False
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT nope FROM accounts")
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT ?", (1, 2))
    conn.isolation_level = None
    assert conn.isolation_level is None
    conn.execute("UPDATE accounts SET balance = 1 WHERE id = 2")     # autocommit now
    assert balances(db) == [90, 1] and conn.total_changes >= 2


def test_wrapper_over_a_handle_raises_what_the_grader_reports():
    from course.runtime.sql import Connection, SimulatedCrash

    class Handle:
        def __init__(self, answer):
            self.answer = answer

        def sql_run(self, sql, parameters, mode):
            return self.answer

    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        Connection(Handle({"ok": False, "error": "IntegrityError", "message": "CHECK constraint failed"})).execute("x")
    with pytest.raises(SimulatedCrash):
        Connection(Handle({"ok": False, "crash": True, "message": "gone"})).execute("x")
    with pytest.raises(ValueError):
        Connection(Handle({"ok": False, "error": "ValueError", "message": "bad"})).execute("x")
    with pytest.raises(sqlite3.Error):
        Connection(Handle({"ok": False, "error": "SomethingElse", "message": "?"})).execute("x")


# -- the guard ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("sql", [
    "ATTACH DATABASE '/tmp/other.db' AS other",
    "attach ':memory:' as m",
    "DETACH DATABASE main",
    "VACUUM INTO '/tmp/copy.db'",
    "/* comment */ vacuum",
    "VACUUM",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA journal_mode",
    "PRAGMA temp_store_directory = '/tmp'",
    "PRAGMA temp_store = FILE",
    "PRAGMA writable_schema = ON",
    "PRAGMA busy_timeout = 10000",
    "PRAGMA locking_mode = EXCLUSIVE",
    "PRAGMA max_page_count = 1000000000",
    "PRAGMA page_size = 512",
    "PRAGMA mmap_size = 1000000",
    "SELECT load_extension('/tmp/evil.so')",
    "SELECT fts3_tokenizer('simple')",
    "CREATE VIRTUAL TABLE t USING fts5(x)",
])
def test_guard_denies_files_and_storage_changes(sql):
    db = bank(1)
    conn = db.connect()
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute(sql)
    with pytest.raises(sqlite3.DatabaseError):
        conn.executescript(f"SELECT 1; {sql};")
    assert db.query("PRAGMA journal_mode") == [("wal",)]
    assert [r[1] for r in db.query("PRAGMA database_list")] == ["main"]


def test_guard_allows_what_the_exercises_need():
    db = bank(1)
    conn = db.connect()
    assert [r[1] for r in conn.execute("PRAGMA table_info(accounts)").fetchall()] == ["id", "owner", "balance"]
    conn.execute("CREATE INDEX ix ON accounts (owner)")
    conn.execute("CREATE TRIGGER t AFTER INSERT ON accounts BEGIN SELECT 1; END")
    assert conn.execute("SELECT 'attach' AS \"vacuum\"").fetchall() == [("attach",)]   # words in quotes are data
    assert conn.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000) "
                        "SELECT count(*) FROM r").fetchone() == (1000,)


def test_guard_bounds_time_size_and_rows(monkeypatch):
    from course.runtime import sql

    db = bank(1)
    conn = db.connect(statement_seconds=0.2)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r")
    assert time.monotonic() - started < 2
    with pytest.raises(sqlite3.DataError):
        conn.execute("SELECT zeroblob(2000000)")
    monkeypatch.setattr(sql, "MAX_ROWS", 10)
    with pytest.raises(sqlite3.OperationalError, match="LIMIT"):
        conn.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 11) SELECT i FROM r")


HANG = ("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r")


def test_guard_a_planted_trigger_or_view_cannot_hang_the_tests_own_statements():
    """Student SQL may create triggers and views; they run on the test's connections too."""
    from course.runtime.sql import Database

    db = Database(BANK, statement_seconds=0.3)
    db.execute("INSERT INTO accounts VALUES (9, 'cyd', 5)")
    db.connect().executescript(f"""
        CREATE TRIGGER hang AFTER INSERT ON accounts BEGIN SELECT count(*) FROM ({HANG}); END;
        CREATE TRIGGER hang_delete AFTER DELETE ON accounts BEGIN SELECT count(*) FROM ({HANG}); END;
        CREATE VIEW forever AS {HANG};""")
    for run in (lambda: db.execute("INSERT INTO accounts VALUES (1, 'ada', 100)"),     # the admin connection
                lambda: db.executescript("DELETE FROM accounts;"),
                lambda: db.query("SELECT count(*) FROM forever")):                    # a fresh read-only one
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            run()
        assert time.monotonic() - started < 1.5
    conn = db.connect(statement_seconds=0.3)           # and through a student's connection
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("INSERT INTO accounts VALUES (2, 'bob', 0)")
    assert time.monotonic() - started < 1.5
    assert db.query("SELECT id FROM accounts") == [(9,)]        # the interrupted statements rolled back


def test_guard_the_tests_statements_follow_the_current_check(monkeypatch):
    from course.runtime import sql

    db = sql.Database()                                # statement_seconds 2.0, but the check ends sooner
    db.connect().executescript(BANK + f"CREATE TRIGGER hang AFTER INSERT ON accounts BEGIN "
                                      f"SELECT count(*) FROM ({HANG}); END;")
    monkeypatch.setattr(sql, "current_deadline", lambda: time.monotonic() + 0.2)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        db.execute("INSERT INTO accounts VALUES (1, 'ada', 100)")
    assert time.monotonic() - started < 1.2


def test_guard_slow_function_calls_cannot_outlast_the_deadline():
    """The progress handler runs only between VM steps: the watchdog interrupts between calls."""
    from course.runtime.sql import MAX_LIKE_PATTERN, MAX_VALUE_BYTES, Database

    db = Database()
    conn = db.connect(statement_seconds=0.3)
    # the review's statement: a 900 kB string, a 20,000-character pattern (75 s before the limits)
    with pytest.raises(sqlite3.DatabaseError, match="too big|too complex"):
        conn.execute("SELECT printf('%.*c', 900000, 'a') LIKE '%' || printf('%.*c', 20000, 'a') || 'b'")
    assert conn.execute("SELECT printf('%.*c', 900000, 'a') IS NULL").fetchone() == (1,)   # too long: no string
    with pytest.raises(sqlite3.OperationalError, match="too complex"):
        conn.execute("SELECT 'a' LIKE ?", ("%" * (MAX_LIKE_PATTERN + 1),))
    with pytest.raises(sqlite3.DataError):
        conn.execute("SELECT zeroblob(?)", (MAX_VALUE_BYTES + 1,))
    # within the limits each call costs up to ~0.4 s, and 60 of them fit between two looks of the
    # progress handler at the clock (27 s in all without the watchdog)
    for slow in ("printf('%.*c', 99000 - i % 2, 'a') LIKE '%' || printf('%.*c', 998, 'a') || 'b'",
                 "instr(printf('%.*c', 99000 - i % 2, 'a'), printf('%.*c', 49999, 'a') || 'b')"):
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            conn.execute(f"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 60) "
                         f"SELECT sum({slow}) FROM r")
        assert time.monotonic() - started < 1.5, slow
    assert conn.execute("SELECT 1").fetchall() == [(1,)]      # the connection still works afterwards


def test_guard_caps_the_temp_schema():
    from course.runtime.sql import MAX_TEMP_BYTES, Database

    conn = Database().connect()
    conn.execute("CREATE TEMP TABLE big (x)")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for _ in range(MAX_TEMP_BYTES // (50 * 90_000) + 2):
            conn.execute("INSERT INTO big SELECT randomblob(90000) FROM "
                         "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 50) SELECT i FROM r)")
    (held,) = conn.execute("SELECT sum(length(x)) FROM big").fetchone()
    assert held <= MAX_TEMP_BYTES
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("PRAGMA temp.max_page_count = 1000000")


def test_watchdog_disarms_after_each_call():
    from course.runtime import sql

    conn = sql.Database().connect(statement_seconds=0.05)
    for _ in range(20):                                   # many short calls: none is interrupted late
        assert conn.execute("SELECT 1").fetchall() == [(1,)]
    time.sleep(0.1)
    assert conn.execute("SELECT 2").fetchall() == [(2,)]
    assert not sql._WATCHDOG._armed


def test_statement_deadline_follows_the_current_check(monkeypatch):
    from course.runtime import sql

    monkeypatch.setattr(sql, "current_deadline", lambda: time.monotonic() + 0.1)
    conn = bank(1).connect()
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r")
    assert time.monotonic() - started < 1.5


def test_keywords_skip_strings_comments_and_quoted_names():
    from course.runtime.sql import denied_statement, keywords, statement_kind

    assert keywords("SELECT 'vacuum' -- attach\n, \"detach\", [x] FROM t /* vacuum */") == ["SELECT", "FROM", "T"]
    assert denied_statement("select 'ATTACH'") is None and denied_statement("select 1; attach 'x' as y")
    assert statement_kind("  begin immediate;") == "BEGIN IMMEDIATE" and statement_kind("-- x\nupdate t") == "UPDATE"


# -- forced interleavings, locks and crashes ------------------------------------------------------------------------
def test_read_modify_write_loses_an_update_every_time():
    for _ in range(3):
        result, got = race(read_modify_write)
        assert not result.errors and got == [50, 30, 50]
        assert ("B", "UPDATE (locked, waits)") in result.trace


def test_atomic_update_and_begin_immediate_serialise():
    def immediate(conn, src, dst, amount):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            (a,) = conn.execute("SELECT balance FROM accounts WHERE id = ?", (src,)).fetchone()
            conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (a - amount, src))
            conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))

    for move in (atomic, immediate):
        for order in (("A", "B") * 12, ("B", "A") * 12, ("A", "A", "B", "B") * 6):
            result, got = race(move, order)
            assert not result.errors and got == [20, 30, 50], (move.__name__, order, result.trace)


def test_a_transaction_that_read_first_is_refused_not_made_to_wait():
    result, got = race(deferred_read_then_write)
    assert list(result.errors) == ["B"] and isinstance(result.errors["B"], sqlite3.OperationalError)
    assert "locked" in str(result.errors["B"]) and got == [70, 30, 0]


def test_a_lock_never_released_ends_with_database_is_locked():
    from course.runtime.sql import SQLLab

    lab = SQLLab(bank(100, 0), timeout=2.0)
    a, b = lab.connection("A"), lab.connection("B")

    def hold(conn):
        conn.execute("BEGIN IMMEDIATE")          # and never commits

    result = lab.run({"A": lambda: hold(a), "B": lambda: atomic(b, 1, 2, 5)}, order=["A", "B"])
    assert isinstance(result.errors.get("B"), sqlite3.OperationalError) and balances(lab.db) == [100, 0]


def test_injected_crash_rolls_back_and_the_connection_stays_dead():
    from course.runtime.sql import SimulatedCrash

    def commits_between(conn, src, dst, amount):
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, src))
        conn.commit()
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst))
        conn.commit()

    for move, steps, halves in ((atomic, 3, set()), (commits_between, 4, {3, 4})):
        for crash_at in range(1, steps + 2):
            db = bank(100, 0)
            conn = db.connect(crash_at=crash_at)
            try:
                move(conn, 1, 2, 30)
                crashed = False
            except SimulatedCrash:
                crashed = True
            got = balances(db)
            assert crashed == (crash_at <= steps)
            assert got == ([70, 0] if crash_at in halves else [100, 0] if crashed else [70, 30])
            if crashed:
                with pytest.raises(SimulatedCrash):
                    conn.execute("SELECT 1")


def test_plans_see_indexes_made_by_other_connections():
    from course.runtime.databases import QUERIES, SCHEMA
    from course.runtime.sql import Database

    db = Database(SCHEMA)
    assert db.plan(QUERIES["login"]) == ["SCAN customers"]
    db.connect().execute("CREATE INDEX by_email ON customers (email)")
    assert "USING COVERING INDEX by_email" in db.plan(QUERIES["login"])[0]
    assert db.indexes() == {"by_email": "CREATE INDEX by_email ON customers (email)"}


# -- course.runtime.databases -----------------------------------------------------------------------------------------
def test_sstable_disk_validates_counts_and_reads():
    from course.runtime.databases import SSTableDisk

    disk = SSTableDisk()
    first = disk.write_run([("a", "1"), ("c", None)])
    second = disk.write_run([])
    assert (first, second, disk.entries_written, disk.runs_written) == (1, 2, 2, 2)
    for bad in ([("b", "1"), ("a", "2")], [("a", "1"), ("a", "2")], [("a", 1)], [(1, "a")], "ab", [("a",)]):
        with pytest.raises(ValueError):
            disk.write_run(bad)
    assert disk.get(first, "c") == (True, None) and disk.get(first, "b") == (False, None) and disk.reads == 2
    assert disk.read_run(first) == [("a", "1"), ("c", None)] and disk.entries_read == 2
    disk.delete_run(second)
    assert disk.contents() == [[("a", "1"), ("c", None)]] and disk.deleted == [2]
    with pytest.raises(KeyError):
        disk.get(second, "a")


def test_opener_and_clocked_sleep():
    from course.runtime.clocks import FakeClock
    from course.runtime.databases import ClockedSleep, Opener

    opener = Opener()
    assert [opener(), opener()] == ["conn-1", "conn-2"] and opener.opened == ["conn-1", "conn-2"]
    clock = FakeClock(1000.0)
    woke = []
    sleep = ClockedSleep(clock, limit=3, then=woke.append)
    sleep(0.25)
    sleep(1e-14)                               # too small for the float clock: it still moves
    assert clock.now > 1000.25 and woke == [1, 2]
    sleep(0)
    with pytest.raises(RuntimeError):
        sleep(0.1)
    with pytest.raises(TypeError):
        ClockedSleep(clock)("1")


def test_bloom_estimate_and_lsm_simulation():
    from course.runtime.databases import bloom_false_positive_rate, btree_levels, simulate_lsm

    m, n = 9586, 1000
    assert abs(bloom_false_positive_rate(m, n, 7) - 0.01003) < 1e-4
    assert btree_levels(10 ** 9, 204) == 4 and btree_levels(204, 204) == 1
    eager = simulate_lsm(10_000, 5_000, 100, 2, seed=1)
    lazy = simulate_lsm(10_000, 5_000, 100, 8, seed=1)
    assert eager == simulate_lsm(10_000, 5_000, 100, 2, seed=1)
    assert eager.write_amplification > lazy.write_amplification and eager.mean_runs < lazy.mean_runs
    assert eager.flushes == lazy.flushes and math.isclose(eager.puts, 10_000)


def test_a_script_waits_statement_by_statement_and_keeps_its_transaction():
    from course.runtime.sql import split_statements

    assert split_statements("CREATE TABLE t(a); -- x;\nCREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END;"
                            " INSERT INTO t VALUES ('a;b'); SELECT 1") == [
        "CREATE TABLE t(a);", " -- x;\nCREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END;",
        " INSERT INTO t VALUES ('a;b');", " SELECT 1"]

    def scripted(conn, src, dst, amount):
        conn.executescript(f"BEGIN; UPDATE accounts SET balance = balance - {amount} WHERE id = {src};"
                           f" UPDATE accounts SET balance = balance + {amount} WHERE id = {dst}; COMMIT;")

    for moves in ((atomic, scripted), (scripted, atomic), (scripted, scripted)):
        from course.runtime.sql import SQLLab

        lab = SQLLab(bank(100, 0, 0))
        a, b = lab.connection("A"), lab.connection("B")
        result = lab.run({"A": lambda: moves[0](a, 1, 2, 30), "B": lambda: moves[1](b, 1, 3, 50)},
                         order=["A", "B"] * 10)
        assert not result.errors and balances(lab.db) == [20, 30, 50]
        assert a.isolation_level == "" and b.isolation_level == ""


def test_grading_leaves_no_file_open():
    """A worker grades hundreds of notebooks: each one's SQLite files must be closed when it ends
    (they sit in reference cycles, so the engine collects them), or the worker runs out of descriptors."""
    import os

    import harness

    def open_files():
        return len(os.listdir("/proc/self/fd"))

    code = harness.reference_code("08_databases", "transfer")
    harness.grade_variant("08_databases", {"transfer": code})        # warm-up: imports, caches
    before = open_files()
    for _ in range(2):
        harness.grade_variant("08_databases", {"transfer": code})
    assert open_files() <= before + 2, f"{open_files() - before} more files open after grading twice"
