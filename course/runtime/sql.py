"""SQLite for exercises: a real database on the grader's side, a DB-API connection on the student's.

Three pieces, used by every chapter that grades SQL (08 databases, and later payments, APIs,
security):

- :func:`connect` (teaching cells, the student's own experiments): a plain ``sqlite3``
  connection, nothing added.
- :class:`Database` (tests): one SQLite database in a temporary folder owned by the process
  that made it: the grader's under grading, the kernel's in JupyterLab. The test reads and
  writes it with ``db.query`` / ``db.execute`` / ``db.plan``, and hands student code
  connections made with ``db.connect()``.
- :class:`ServerConnection`, what ``db.connect()`` returns: a real ``sqlite3`` connection to
  that database, guarded (below). Under grading the student's process receives a
  :class:`Connection` wrapped around a handle whose calls are round trips to it
  (``__remote_wrapper__``); in a kernel the student's code gets the ServerConnection itself,
  which *is* a :class:`Connection` over itself. Either way student code sees one DB-API-like
  API and the data lives where the test reads it, so it cannot be forged::

      db = Database("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
      db.execute("INSERT INTO accounts VALUES (1, 100), (2, 0)")
      conn = db.connect()                           # pass this to the student's code
      transfer(conn, 1, 2, 30)
      db.query("SELECT balance FROM accounts ORDER BY id")   # [(70,), (30,)], read here

**What the connection supports** (the subset of ``sqlite3`` the exercises rely on):
``execute`` / ``executemany`` / ``executescript`` (each returns a cursor), ``cursor()``
with ``execute*``, ``fetchone`` / ``fetchmany`` / ``fetchall`` / iteration, ``rowcount``,
``lastrowid``, ``description``, ``arraysize``; ``commit``, ``rollback``, ``close``,
``with conn:`` (commit on success, rollback on an exception), ``in_transaction``,
``total_changes``, ``isolation_level`` (get and set; Python 3.11's legacy transaction
control: the connection opens a transaction implicitly before INSERT/UPDATE/DELETE/REPLACE,
never before a SELECT), ``row_factory`` (a callable ``(cursor, row)`` or ``sqlite3.Row``).
Errors are the real ``sqlite3`` exception classes with their messages (and
``sqlite_errorcode`` / ``sqlite_errorname``).

**Differences from sqlite3** (documented, on purpose):

- a statement's result rows are fetched whole when it runs (at most ``MAX_ROWS``; more is an
  ``OperationalError`` asking for a ``LIMIT``), not step by step as you iterate;
- ``sqlite3.Row`` rows are this module's :class:`Row` (indexing by position and by
  case-insensitive name, ``keys()``, equality), and ``text_factory``, ``create_function``,
  ``set_trace_callback``, ``backup``, ``iterdump``, ``blobopen`` are not offered;
- the guard below refuses what touches files or changes how the database is stored;
- under a forced interleaving, waiting for a lock is emulated turn by turn (below), not slept.

**The guard** (student code sends arbitrary SQL to the grader's SQLite). Every
ServerConnection has:

- an authorizer (``set_authorizer``) that denies ``ATTACH`` / ``DETACH`` (``VACUUM INTO``
  attaches its target, so it is denied too), every PRAGMA but a read-only list
  (``ALLOWED_PRAGMAS``: no ``journal_mode``, ``temp_store``, ``writable_schema``,
  ``busy_timeout``, ...), virtual tables, and the functions ``load_extension``,
  ``readfile``, ``writefile``, ``edit`` and ``fts3_tokenizer``; plus an explicit check of the
  statement text (comments and quotes stripped) for ``ATTACH``, ``DETACH`` and ``VACUUM``;
- ``setlimit``: no attached databases, strings, blobs and rows of at most ``MAX_VALUE_BYTES``
  (100 kB), statements of at most 100 kB, ``LIKE``/``GLOB`` patterns of at most
  ``MAX_LIKE_PATTERN`` (1,000) characters; the database file can grow to ``MAX_BYTES`` at
  most, and each connection's temporary schema (``CREATE TEMP TABLE``, kept in the grader's
  memory) to ``MAX_TEMP_BYTES`` (``max_page_count`` of ``main`` and of ``temp``);
- a deadline per call, ``STATEMENT_SECONDS`` or the current check's deadline if that comes
  first, enforced twice: a progress handler looks at the clock every ``PROGRESS_STEPS``
  SQLite VM steps (an infinite ``WITH RECURSIVE`` ends as an ``OperationalError:
  interrupted``), and a watchdog thread calls ``interrupt()`` at the deadline, which SQLite
  notices at its next jump, so many slow function calls between two looks at the clock (a
  ``LIKE`` over 100 kB costs up to ~0.4 s, and the handler runs only between VM steps)
  cannot outlast it by more than one call.

**Every connection to the database is guarded the same way, not only the student's.**
Student SQL may create triggers and views, and they run on whichever connection fires them:
the test's own ``db.execute`` / ``db.executescript`` (its *admin* connection) and the fresh
connections of ``db.query`` / ``db.plan`` have the same limits and the same deadline
(``statement_seconds`` of the :class:`Database`), so a planted trigger that never ends makes
the test's statement fail with ``OperationalError: interrupted`` instead of hanging the
grader (the authorizer stays off there: the test's own statements are trusted; only what
triggers and views do on their behalf is bounded).

The database is a file in a private temporary folder in WAL mode (write-ahead logging:
readers never block the writer, and each reader sees a consistent snapshot), so two
connections really are two connections with SQLite's own locking. Nothing the student sends
can name another file.

**Forced interleavings** (``SQLLab``, the SQL twin of ``course.runtime.interleave``): each
connection belongs to an *actor*; every call (one statement, a commit, a rollback) is one
*step* and waits at a :class:`~course.runtime.redis_front.Gate` for its actor's turn, so a
chosen order of statements between two transfers happens every time::

    lab = SQLLab(db)
    a, b = lab.connection("A"), lab.connection("B")
    result = lab.run({"A": lambda: transfer(a, 1, 2, 30), "B": lambda: transfer(b, 1, 3, 50)},
                     order=["A", "B"] * 10)
    result.trace      # [("A", "SELECT"), ("B", "SELECT"), ("A", "UPDATE"), ("B", "UPDATE"), ...]

**Locks and SQLITE_BUSY under a gate.** A gated connection has ``busy_timeout`` 0: a waiting
actor cannot sleep while holding its turn. Instead a statement that fails with
``SQLITE_BUSY`` *while its transaction holds nothing yet* (it starts the transaction, or
follows a plain ``BEGIN``) gives up its turn and runs again at its next turn, up to
``BUSY_RETRIES`` times: what a busy timeout does, one step at a time (the trace shows the
refused attempt as ``UPDATE (locked, waits)``). A transaction that has already read or
written and then finds the write lock taken fails at once with ``sqlite3.OperationalError:
database is locked``, as SQLite does (its busy handler is not called there: waiting could
deadlock), and so does a writer whose snapshot is stale (``SQLITE_BUSY_SNAPSHOT``, WAL mode).
"Holds nothing yet" is tracked here (no statement but a plain ``BEGIN`` has succeeded in the
open transaction), mirroring SQLite's own rule (its b-tree has no transaction open yet).
Outside a gate the busy timeout is ``BUSY_TIMEOUT`` seconds.

**Injected crashes**: ``db.connect(crash_at=n)`` makes the n-th call on that connection (an
``execute``, a ``commit``, ...) never happen: the connection dies as the process would, so
the open transaction is rolled back by SQLite, the call raises :class:`SimulatedCrash`, and
so does every later call (the process is gone: nothing runs any more, not even a rollback).
``conn.calls`` counts the calls made so far and ``conn.statements`` lists the kinds of the
statements that ran, so a test can crash a transfer at each of its steps in turn and say
where.

**Reading as the test.** ``db.query`` opens a fresh read-only connection each time: it sees
committed data only, and the schema as it is now (a connection's cached schema is refreshed
only when a statement opens a transaction, which ``EXPLAIN`` and ``PRAGMA index_list`` do not).
Databases and their files are removed when the Database is garbage, or at exit.
"""
from __future__ import annotations

import builtins
import functools
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from typing import Any, Callable, Iterable, Mapping, Sequence

from .scratch import memory_dir

MAX_ROWS = 50_000            # rows one statement may return to student code
STATEMENT_SECONDS = 2.0      # wall-clock limit of one statement on the grader's side
BUSY_TIMEOUT = 1.0           # seconds an ungated connection waits for a lock
BUSY_RETRIES = 200           # turns a gated statement may wait for a lock
MAX_BYTES = 64 * 1024 ** 2   # size limit of one database file
MAX_TEMP_BYTES = 16 * 1024 ** 2   # size limit of one connection's temp schema (in memory)
PROGRESS_STEPS = 10_000      # SQLite VM steps between two looks at the clock
MAX_VALUE_BYTES = 100_000    # longest string, blob or row (SQLITE_LIMIT_LENGTH)
MAX_SQL_BYTES = 100_000      # longest statement (SQLITE_LIMIT_SQL_LENGTH)
MAX_LIKE_PATTERN = 1_000     # longest LIKE / GLOB pattern (SQLITE_LIMIT_LIKE_PATTERN_LENGTH)

ALLOWED_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "foreign_keys", "integrity_check", "quick_check",
    "collation_list", "function_list", "pragma_list", "data_version", "user_version",
    "schema_version", "page_count", "page_size", "freelist_count", "encoding",
    "recursive_triggers", "case_sensitive_like", "defer_foreign_keys", "reverse_unordered_selects",
})
# pragmas that may only be read, not set (``PRAGMA page_size = 1024`` would be a write)
READ_ONLY_PRAGMAS = frozenset({"data_version", "schema_version", "page_count", "page_size",
                               "freelist_count", "encoding", "table_list", "pragma_list",
                               "function_list", "collation_list"})
DENIED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"})
DENIED_KEYWORDS = ("ATTACH", "DETACH", "VACUUM")


class SimulatedCrash(Exception):
    """The injected crash: the process running this transaction died here."""


# -- finding the current check's deadline (grader only) ----------------------------------------------
def current_deadline() -> float | None:
    """``time.monotonic()`` deadline of the check now running under grading, if any."""
    from . import checks

    hooks = checks.HOOKS
    session = getattr(getattr(hooks, "engine", None), "session", None)
    deadline = getattr(session, "deadline", None)
    return deadline if type(deadline) is float else None


def deadline_after(seconds: float) -> float:
    """``time.monotonic()`` deadline of a call starting now: ``seconds`` from now, or the current
    check's deadline if that comes first."""
    deadline = time.monotonic() + seconds
    check = current_deadline()
    return min(deadline, check) if check is not None else deadline


# -- the watchdog: interrupt() at the deadline, whatever SQLite is doing ----------------------------------
class _Watchdog:
    """One daemon thread per process that calls ``interrupt()`` on connections past their deadline.

    The progress handler runs only between SQLite VM steps, so one statement that calls an
    expensive function (``LIKE``, ``instr``, ``replace`` over 100 kB: up to ~0.4 s each) many
    times between two looks at the clock could outlast its deadline by minutes. ``interrupt()``
    from another thread sets a flag SQLite checks at every jump of its VM, so the statement
    stops after the call in progress. A call arms the watchdog with its connection and
    deadline (``watched``) and disarms it when it returns: an interrupt that arrives after
    the statement finished is a no-op (SQLite clears it when the next statement starts with
    none running).
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, sqlite3.Connection]] = {}
        self._tokens = itertools.count()
        self._wake = float("inf")
        self._thread: threading.Thread | None = None
        self._pid = 0

    def arm(self, conn: sqlite3.Connection, deadline: float) -> int:
        with self._cond:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()                  # (again after a fork: threads do not survive it)
                self._wake = float("inf")
                self._thread = threading.Thread(target=self._run, name="course-sql-watchdog", daemon=True)
                self._thread.start()
            token = next(self._tokens)
            self._armed[token] = (deadline, conn)
            if deadline < self._wake:
                self._cond.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._armed.pop(token, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (deadline, conn) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[token]
                        try:
                            conn.interrupt()
                        except Exception:  # noqa: BLE001 - closed meanwhile: nothing runs on it
                            pass
                self._wake = min((d for d, _ in self._armed.values()), default=float("inf"))
                self._cond.wait(None if self._wake == float("inf") else max(0.0, self._wake - now))


_WATCHDOG = _Watchdog()


class watched:
    """``with watched(conn, deadline): ...``: the watchdog interrupts ``conn`` at ``deadline``."""

    def __init__(self, conn: sqlite3.Connection, deadline: float):
        self.conn, self.deadline, self.token = conn, deadline, None

    def __enter__(self) -> sqlite3.Connection:
        self.token = _WATCHDOG.arm(self.conn, self.deadline)
        return self.conn

    def __exit__(self, *exc) -> bool:
        _WATCHDOG.disarm(self.token)
        return False


def guard_connection(conn: sqlite3.Connection, deadline: list[float]) -> sqlite3.Connection:
    """The limits every connection to an exercise database gets (the module docstring's guard, but
    the authorizer): value, statement and pattern lengths, no attached databases, and a progress
    handler that interrupts a statement once ``time.monotonic()`` passes ``deadline[0]``."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN)
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline[0] else 0, PROGRESS_STEPS)
    return conn


# -- the statement text --------------------------------------------------------------------------------
_TOKENS = re.compile(r"""--[^\n]*|/\*.*?(?:\*/|\Z)"""           # comments
                     r"""|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?"""   # strings, quoted names
                     r"""|[A-Za-z_][A-Za-z_0-9$]*""", re.S)           # bare words


def keywords(sql: str) -> list[str]:
    """The bare words of ``sql`` in upper case: comments, strings and quoted names left out."""
    if type(sql) is str and len(sql) <= _CACHED_SQL_CHARS:
        return list(_cached_keywords(sql))      # (the same statements come back thousands of times)
    return _keywords(sql)


_CACHED_SQL_CHARS = 500      # (a student's loop of distinct long statements costs at most ~0.5 MB)


def _keywords(sql: str) -> list[str]:
    out = []
    for m in _TOKENS.finditer(sql):
        text = m.group(0)
        if text[0].isalpha() or text[0] == "_":
            out.append(text.upper())
    return out


@functools.lru_cache(maxsize=1024)
def _cached_keywords(sql: str) -> tuple[str, ...]:
    return tuple(_keywords(sql))


def statement_kind(sql: str) -> str:
    """What a step is called in a trace: ``SELECT``, ``UPDATE``, ``BEGIN IMMEDIATE``, ``WITH``..."""
    words = keywords(sql)
    if not words:
        return "EMPTY"
    if words[0] == "BEGIN" and len(words) > 1 and words[1] in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
        return f"BEGIN {words[1]}"
    if words[0] in ("END",):
        return "COMMIT"
    return words[0]


def split_statements(script: str) -> list[str]:
    """The complete statements of a script, in order (a trigger's inner ``;`` does not split it)."""
    out, start = [], 0
    for m in re.finditer(";", script):
        piece = script[start:m.end()]
        if sqlite3.complete_statement(piece):
            if keywords(piece):
                out.append(piece)
            start = m.end()
    rest = script[start:]
    if keywords(rest):
        out.append(rest)
    return out


def denied_statement(sql: str) -> str | None:
    """Why ``sql`` is refused before SQLite sees it (None: let the authorizer decide)."""
    for word in keywords(sql):
        if word in DENIED_KEYWORDS:
            return f"{word} is not allowed here (the exercises' database stays one file the grader owns)"
    return None


def _authorizer(action, arg1, arg2, dbname, source):
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name not in ALLOWED_PRAGMAS:
            return sqlite3.SQLITE_DENY
        if arg2 is not None and name in READ_ONLY_PRAGMAS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_DROP_VTABLE):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


# -- the student's side: a DB-API-like connection over a handle ----------------------------------------
class Row(tuple):
    """A row as ``sqlite3.Row`` gives it: by position, or by (case-insensitive) column name."""

    def __new__(cls, names: Sequence[str], values: Sequence[Any]):
        row = super().__new__(cls, values)
        row._names = tuple(names)
        return row

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            for i, name in enumerate(self._names):
                if name.lower() == key.lower():
                    return tuple.__getitem__(self, i)
            raise IndexError("No item with that key")
        return tuple.__getitem__(self, key)

    def __repr__(self) -> str:
        return f"<Row {dict(zip(self._names, self))!r}>"


_SQLITE_ERRORS = {name: getattr(sqlite3, name) for name in
                  ("Error", "Warning", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
                   "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError")}


def _raise(result: dict) -> None:
    if result.get("crash"):
        raise SimulatedCrash(str(result.get("message", "")))
    name = str(result.get("error", "Error"))
    kind = _SQLITE_ERRORS.get(name)
    if kind is None:
        builtin = getattr(builtins, name, None)
        kind = builtin if isinstance(builtin, type) and issubclass(builtin, Exception) else sqlite3.Error
    exc = kind(str(result.get("message", "")))
    if isinstance(exc, sqlite3.Error):
        for attr in ("sqlite_errorcode", "sqlite_errorname"):
            if result.get(attr) is not None:
                try:
                    setattr(exc, attr, result[attr])
                except (AttributeError, TypeError):
                    pass
    raise exc


class Cursor:
    """A cursor of :class:`Connection`: its result is fetched when the statement runs."""

    def __init__(self, connection: "Connection"):
        self.connection = connection
        self.arraysize = 1
        self.row_factory = connection.row_factory
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self._rows: list = []
        self._pos = 0
        self._closed = False

    def _load(self, result: dict) -> "Cursor":
        names = result.get("description")
        self.description = tuple((n, None, None, None, None, None, None) for n in names) if names else None
        self.rowcount = result.get("rowcount", -1)
        self.lastrowid = result.get("lastrowid")
        self._rows = [tuple(r) for r in result.get("rows", [])]
        self._pos = 0
        return self

    def _run(self, mode: str, sql, parameters) -> "Cursor":
        if self._closed:
            raise sqlite3.ProgrammingError("Cannot operate on a closed cursor.")
        return self._load(self.connection._call(mode, sql, parameters))

    def execute(self, sql, parameters=()):
        return self._run("execute", sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self._run("many", sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self._run("script", sql_script, None)

    def _make(self, row: tuple):
        factory = self.row_factory
        if factory is None:
            return row
        if factory is sqlite3.Row or factory is Row:
            return Row([d[0] for d in self.description or ()], row)
        return factory(self, row)

    def fetchone(self):
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return self._make(row)

    def fetchmany(self, size=None):
        size = self.arraysize if size is None else size
        rows = self._rows[self._pos:self._pos + max(0, size)]
        self._pos += len(rows)
        return [self._make(r) for r in rows]

    def fetchall(self):
        rows = self._rows[self._pos:]
        self._pos = len(self._rows)
        return [self._make(r) for r in rows]

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self) -> None:
        self._closed = True
        self._rows = []

    def setinputsizes(self, sizes) -> None:
        pass

    def setoutputsize(self, size, column=None) -> None:
        pass


class Connection:
    """The DB-API-like connection student code uses; its ``handle`` runs each call.

    Under grading the handle is the grader's :class:`ServerConnection` (every call a round trip);
    in a kernel a ServerConnection is its own handle. See the module docstring.
    """

    Error = sqlite3.Error
    IntegrityError = sqlite3.IntegrityError
    OperationalError = sqlite3.OperationalError
    ProgrammingError = sqlite3.ProgrammingError

    def __init__(self, handle: Any):
        self._handle = handle
        self.row_factory = None

    def _call(self, mode: str, sql, parameters) -> dict:
        if mode == "many":
            if isinstance(parameters, (str, bytes)):
                raise sqlite3.ProgrammingError("executemany() needs a sequence of parameter sequences")
            parameters = list(itertools.islice(iter(parameters), MAX_ROWS + 1))
        elif mode == "execute" and parameters is not None and not isinstance(parameters, (dict, list, tuple)):
            if isinstance(parameters, Mapping):
                parameters = dict(parameters)
            else:
                try:
                    parameters = list(parameters)
                except TypeError:
                    raise sqlite3.ProgrammingError("parameters are of unsupported type") from None
        result = self._handle.sql_run(sql, parameters, mode)
        if type(result) is not dict:
            raise sqlite3.InterfaceError(f"the database answered {result!r}")
        if not result.get("ok"):
            _raise(result)
        return result

    def cursor(self, factory=None) -> Cursor:
        return (factory or Cursor)(self)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self.cursor().executescript(sql_script)

    def commit(self) -> None:
        result = self._handle.sql_commit()
        if not result.get("ok"):
            _raise(result)

    def rollback(self) -> None:
        result = self._handle.sql_rollback()
        if not result.get("ok"):
            _raise(result)

    def close(self) -> None:
        self._handle.sql_close()

    def _status(self) -> dict:
        result = self._handle.sql_status()
        if not result.get("ok"):
            _raise(result)
        return result

    @property
    def in_transaction(self) -> bool:
        return self._status()["in_transaction"]

    @property
    def total_changes(self) -> int:
        return self._status()["total_changes"]

    @property
    def isolation_level(self):
        return self._status()["isolation_level"]

    @isolation_level.setter
    def isolation_level(self, value) -> None:
        result = self._handle.sql_set_isolation_level(value)
        if not result.get("ok"):
            _raise(result)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            try:
                self.commit()
            except BaseException:
                try:
                    self.rollback()
                except Exception:  # noqa: BLE001 - the commit's error is the one to report
                    pass
                raise
        else:
            self.rollback()
        return False

    def __repr__(self) -> str:
        return "<course.runtime.sql.Connection>"


# -- the grader's side -------------------------------------------------------------------------------
_OK = {"ok": True}


def _error(exc: BaseException) -> dict:
    name = type(exc).__name__
    if isinstance(exc, sqlite3.Error):
        name = next((n for n, k in _SQLITE_ERRORS.items() if type(exc) is k), "Error")
    elif name not in vars(builtins):
        name = "Error"
    return {"ok": False, "error": name, "message": str(exc)[:1000],
            "sqlite_errorcode": getattr(exc, "sqlite_errorcode", None),
            "sqlite_errorname": getattr(exc, "sqlite_errorname", None)}


def _is_busy(exc: BaseException) -> bool:
    """Plain SQLITE_BUSY (5): worth waiting for. Not SQLITE_BUSY_SNAPSHOT (517): a stale snapshot."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code == 5
    return isinstance(exc, sqlite3.OperationalError) and "database is locked" in str(exc)


class ServerConnection(Connection):
    """A guarded sqlite3 connection to a :class:`Database`; see the module docstring.

    Student code may call only the ``sql_*`` methods (each returns plain data); it sees them
    through :class:`Connection`.
    """

    __remote_methods__ = ("sql_run", "sql_commit", "sql_rollback", "sql_close", "sql_status",
                          "sql_set_isolation_level")
    __remote_wrapper__ = "course.runtime.sql:Connection"

    def __init__(self, db: "Database", actor: str | None = None, gate=None, crash_at: int | None = None,
                 statement_seconds: float = STATEMENT_SECONDS):
        super().__init__(self)
        self.db = db
        self.actor = actor
        self.gate = gate
        self.crash_at = crash_at
        self.statement_seconds = statement_seconds
        self.calls = 0
        self.crashed = False
        self.statements: list[str] = []         # the kinds of the statements run, in order
        self._closed = False
        self._touched = False                   # the open transaction holds a lock or a snapshot
        self._deadline = [0.0]                  # shared with the progress handler, which must not hold self
        self._lock = threading.RLock()
        self._sq = db._open(timeout=0.0 if gate is not None else BUSY_TIMEOUT, deadline=self._deadline)
        self._sq.set_authorizer(_authorizer)
        weakref.finalize(self, _close_quietly, self._sq)

    # -- time ----------------------------------------------------------------------------------------
    def _arm(self) -> None:
        self._deadline[0] = deadline_after(self.statement_seconds)

    # -- one step ------------------------------------------------------------------------------------
    def _step(self, what: str, fn: Callable[[], dict], counts: bool = True, gate: bool = True) -> dict:
        with self._lock:
            if self.crashed:
                return {"ok": False, "crash": True,
                        "message": "injected crash: this connection's process died earlier; nothing runs any more"}
            if self._closed:
                return _error(sqlite3.ProgrammingError("Cannot operate on a closed database."))
            if counts:
                self.calls += 1
                if self.crash_at is not None and self.calls >= self.crash_at:
                    self._die()
                    return {"ok": False, "crash": True,
                            "message": f"injected crash: the process died before call {self.calls} ({what}); "
                                       f"the connection is gone and its open transaction was rolled back"}
            gated = gate and self.gate is not None and self.actor is not None
            if gated:
                try:
                    self.gate.before(self.actor, what)
                except Exception as exc:  # noqa: BLE001 - a GateError: the other actor is stuck
                    return {"ok": False, "error": "OperationalError", "message": str(exc)}
            try:
                for attempt in itertools.count():
                    fresh = not self._sq.in_transaction or not self._touched
                    try:
                        self._arm()
                        with watched(self._sq, self._deadline[0]):
                            return fn()
                    except sqlite3.Error as exc:
                        if gated and fresh and _is_busy(exc) and attempt < BUSY_RETRIES:
                            with self.gate.cond:                   # this step found the lock taken
                                if self.gate.trace and self.gate.trace[-1] == (self.actor, what):
                                    self.gate.trace[-1] = (self.actor, f"{what} (locked, waits)")
                            self.gate.after(self.actor)            # wait: let the others go on
                            try:
                                self.gate.before(self.actor, what)
                            except Exception as gate_exc:  # noqa: BLE001
                                return {"ok": False, "error": "OperationalError", "message": str(gate_exc)}
                            continue
                        return _error(exc)
                    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
                        return _error(exc)
                    finally:
                        if not self._closed and not self._sq.in_transaction:
                            self._touched = False
            finally:
                if gated:
                    self.gate.after(self.actor)

    def _die(self) -> None:
        self.crashed = True
        self._closed = True
        try:
            self._sq.close()        # an open transaction is rolled back, as when a process dies
        except sqlite3.Error:
            pass

    # -- what student code may call ------------------------------------------------------------------
    def sql_run(self, sql, parameters=None, mode="execute") -> dict:
        if type(sql) is not str:
            return _error(TypeError(f"the SQL must be a str, not {type(sql).__name__}"))
        if mode not in ("execute", "many", "script"):
            return _error(ValueError(f"unknown mode {mode!r}"))
        kind = statement_kind(sql) if mode != "script" else "SCRIPT"

        def note(statement_kind_: str) -> None:
            self.statements.append(statement_kind_)
            if self._sq.in_transaction and statement_kind_ not in ("BEGIN", "BEGIN DEFERRED"):
                self._touched = True

        if mode == "script":
            # Run like sqlite3's executescript (a COMMIT first, then each statement as written, no
            # implicit BEGIN), one statement at a time, so that a statement that waits for a lock
            # is retried alone: the ones before it ran already.
            why = denied_statement(sql)
            statements = split_statements(sql)
            position = [-1]                       # -1: the initial COMMIT is still to do

            saved = [False, None]                 # [switched?, the isolation level to put back]

            def run() -> dict:
                if why:
                    raise sqlite3.DatabaseError(f"not authorized: {why}")
                if position[0] < 0:
                    self._sq.commit()
                    position[0] = 0
                if not saved[0]:                  # nothing is open now (committed above): no implicit
                    saved[:] = [True, self._sq.isolation_level]   # BEGIN, and switching commits nothing
                    self._sq.isolation_level = None
                while position[0] < len(statements):
                    statement = statements[position[0]]
                    self._sq.execute(statement).fetchall()
                    position[0] += 1
                    note(statement_kind(statement))
                return {"ok": True, "rows": [], "description": None, "rowcount": -1, "lastrowid": None}

            try:
                return self._step(kind, run)
            finally:
                if saved[0] and not self._closed:
                    self._sq.isolation_level = saved[1]   # back to "": this never commits

        def run() -> dict:
            why = denied_statement(sql)
            if why:
                raise sqlite3.DatabaseError(f"not authorized: {why}")
            cur = self._sq.cursor()
            if mode == "execute":
                cur.execute(sql, () if parameters is None else parameters)
            else:
                cur.executemany(sql, parameters if parameters is not None else [])
            rows = cur.fetchmany(MAX_ROWS + 1) if cur.description else []
            if len(rows) > MAX_ROWS:
                cur.close()
                raise sqlite3.OperationalError(f"more than {MAX_ROWS} rows in one result: add a LIMIT")
            note(kind)
            return {"ok": True, "rows": rows,
                    "description": [d[0] for d in cur.description] if cur.description else None,
                    "rowcount": cur.rowcount, "lastrowid": cur.lastrowid}

        return self._step(kind, run)

    def sql_commit(self) -> dict:
        def run() -> dict:
            self._sq.commit()
            self.statements.append("COMMIT")
            return _OK
        return self._step("COMMIT", run)

    def sql_rollback(self) -> dict:
        def run() -> dict:
            self._sq.rollback()
            self.statements.append("ROLLBACK")
            return _OK
        return self._step("ROLLBACK", run)

    def sql_close(self) -> dict:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._sq.close()
        return _OK

    def sql_status(self) -> dict:
        with self._lock:
            if self._closed:
                return _error(sqlite3.ProgrammingError("Cannot operate on a closed database."))
            return {"ok": True, "in_transaction": self._sq.in_transaction,
                    "total_changes": self._sq.total_changes, "isolation_level": self._sq.isolation_level}

    def sql_set_isolation_level(self, value) -> dict:
        if value is not None and (type(value) is not str or value.upper() not in ("", "DEFERRED", "IMMEDIATE",
                                                                                  "EXCLUSIVE")):
            return _error(ValueError(f"isolation_level must be None, '', 'DEFERRED', 'IMMEDIATE' or "
                                     f"'EXCLUSIVE', not {value!r}"))

        def run() -> dict:
            self._sq.isolation_level = value
            return _OK
        return self._step("SET ISOLATION LEVEL", run, counts=False, gate=False)

    def __repr__(self) -> str:
        who = f" actor={self.actor!r}" if self.actor else ""
        return f"<ServerConnection{who} calls={self.calls}{' crashed' if self.crashed else ''}>"


def _close_quietly(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - at exit, or closed already
        pass


class Database:
    """One SQLite database (a WAL-mode file in a private temporary folder) and the test's view of it.

    ``schema`` (a script) runs first. ``query`` / ``execute`` / ``plan`` use the test's own
    connections (no authorizer, autocommit; the same limits and deadline as student connections,
    ``statement_seconds`` per call, because triggers and views the student created run on them);
    student code gets connections from :meth:`connect`.
    """

    def __init__(self, schema: str = "", max_bytes: int = MAX_BYTES, statement_seconds: float = STATEMENT_SECONDS):
        self.folder = tempfile.mkdtemp(prefix="course-sql-", dir=memory_dir())
        self.path = os.path.join(self.folder, "db.sqlite")
        self.max_bytes = max_bytes
        self.statement_seconds = statement_seconds
        self.connections: weakref.WeakSet[ServerConnection] = weakref.WeakSet()
        self._deadline = [0.0]                  # the admin connection's (its progress handler must not hold self)
        self._admin = self._open(timeout=BUSY_TIMEOUT, deadline=self._deadline)
        # Closed and deleted when the Database is garbage (its connections keep it alive), or at exit.
        self._finalizer = weakref.finalize(self, _remove, self._admin, self.folder)
        self._admin.isolation_level = None
        self._admin.execute("PRAGMA journal_mode = WAL").fetchall()
        if schema:
            with self._guarded():
                self._admin.executescript(schema)

    def _open(self, timeout: float, deadline: list[float] | None = None) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False)
        pages = max(16, self.max_bytes // 4096)
        conn.execute(f"PRAGMA max_page_count = {pages}").fetchall()
        conn.execute("PRAGMA temp_store = MEMORY")    # (this resets the temp schema: cap it after)
        conn.execute(f"PRAGMA temp.max_page_count = {max(16, MAX_TEMP_BYTES // 4096)}").fetchall()  # in RAM
        conn.execute("PRAGMA synchronous = OFF")     # no fsync: a test's crash is a closed connection, not a power cut
        return guard_connection(conn, deadline if deadline is not None else [0.0])

    def _guarded(self) -> watched:
        """Arm the admin connection's deadline for one call of the test's."""
        self._deadline[0] = deadline_after(self.statement_seconds)
        return watched(self._admin, self._deadline[0])

    # -- the test's own view ---------------------------------------------------------------------------
    def connect(self, actor: str | None = None, gate=None, crash_at: int | None = None,
                statement_seconds: float = STATEMENT_SECONDS) -> ServerConnection:
        """A guarded connection to hand to student code (see the module docstring)."""
        conn = ServerConnection(self, actor=actor, gate=gate, crash_at=crash_at,
                                statement_seconds=statement_seconds)
        self.connections.add(conn)
        return conn

    def _fresh(self, deadline: float) -> sqlite3.Connection:
        # A connection's cached schema is refreshed only when a statement opens a transaction;
        # EXPLAIN and PRAGMA index_list do not, so after another connection created an index they
        # would still describe the old schema. A new connection reads the schema as it is now.
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
        return guard_connection(conn, [deadline])

    def query(self, sql: str, parameters=()) -> list[tuple]:
        """Rows of a read-only statement run by the test (the data as committed, the schema as it is now)."""
        deadline = deadline_after(self.statement_seconds)
        conn = self._fresh(deadline)
        try:
            with watched(conn, deadline):
                return [tuple(r) for r in conn.execute(sql, parameters).fetchall()]
        finally:
            conn.close()

    def execute(self, sql: str, parameters=()) -> int:
        """Run one statement as the test (autocommit); its rowcount."""
        with self._guarded():
            return self._admin.execute(sql, parameters).rowcount

    def executescript(self, script: str) -> None:
        with self._guarded():
            self._admin.executescript(script)

    def plan(self, sql: str, parameters=None) -> list[str]:
        """The ``EXPLAIN QUERY PLAN`` lines of ``sql`` (its ``?`` need no values: NULLs are used)."""
        if parameters is None:
            parameters = (None,) * sql.count("?")
        return [row[3] for row in self.query("EXPLAIN QUERY PLAN " + sql, parameters)]

    def indexes(self) -> dict[str, str]:
        """``{index name: CREATE statement}`` of the indexes someone created (not automatic ones)."""
        return dict(self.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"))

    def close(self) -> None:
        """Close every connection and delete the database now (it is done anyway once unused)."""
        for conn in list(self.connections):
            conn.sql_close()
        self._finalizer()


def _remove(admin: sqlite3.Connection, folder: str) -> None:
    _close_quietly(admin)
    shutil.rmtree(folder, ignore_errors=True)


# -- forced interleavings ------------------------------------------------------------------------------
class SQLLab:
    """Connections per actor to one database, run in a chosen order of statements.

    The SQL twin of :class:`course.runtime.interleave.Interleaving`: ``connection(actor)``
    gives a gated connection, ``run(actors, order)`` runs each actor's function in a thread
    of its own and returns an :class:`~course.runtime.interleave.InterleaveResult`
    (``values``, ``errors``, ``trace``). A step is one call on a connection (a statement, a
    commit, a rollback); ``order`` names whose step comes next; an actor that has finished is
    skipped; after ``order`` runs out the unfinished actors take turns, one step each.
    """

    def __init__(self, db: Database | None = None, schema: str = "", timeout: float = 5.0):
        from .redis_front import Gate

        self.db = db if db is not None else Database(schema)
        self.timeout = timeout
        self.gate = Gate(timeout)

    def connection(self, actor: str, crash_at: int | None = None) -> ServerConnection:
        return self.db.connect(actor=actor, gate=self.gate, crash_at=crash_at)

    def run(self, actors: Mapping[str, Callable[[], Any]], order: Sequence[str] = ()):
        from .interleave import InterleaveError, InterleaveResult

        unknown = set(order) - set(actors)
        if unknown:
            raise ValueError(f"order names unknown actors: {sorted(unknown)}")
        result = InterleaveResult()
        result.trace = self.gate.start(list(actors), order)

        def body(name: str, fn: Callable[[], Any]) -> None:
            try:
                result.values[name] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                result.errors[name] = exc
            finally:
                self.gate.finish(name)

        threads = [threading.Thread(target=body, args=(n, f), daemon=True, name=f"sql-actor-{n}")
                   for n, f in actors.items()]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(self.timeout * (len(order) + 10))
                if t.is_alive():
                    raise InterleaveError(f"{t.name} did not finish")
        finally:
            self.gate.stop()
        return result


def trace_text(trace: Iterable[tuple[str, str]], limit: int = 24) -> str:
    """``A:SELECT B:SELECT A:UPDATE ...`` (shortened)."""
    steps = [f"{actor}:{what}" for actor, what in trace]
    return " ".join(steps[:limit]) + (" ..." if len(steps) > limit else "")


# -- the student's own experiments ------------------------------------------------------------------------
def connect(database: str = ":memory:", **kwargs) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection (in memory by default) for teaching cells and experiments."""
    return sqlite3.connect(database, **kwargs)
