"""Grade one notebook: the student's code in its own process, the checks and the score here.

The plan, in the notebook's order:

- a **solution cell** of the student's notebook runs whole in the student's
  process (:mod:`course.grader.sandbox`);
- a code cell the student **added or changed** runs whole too (it is the
  student's code, wherever it sits);
- an instructor's **teaching cell**, unchanged (or a "Try it" cell left as
  released), contributes only its imports, function and class definitions and
  simple assignments (no calls): grading does not run plots, sliders and
  simulations. A teaching cell tagged ``grade-setup`` runs whole (a cheap cell
  that a solution needs, e.g. a constant built by a call);
- a **test cell** runs in this process, from the instructor's copy (hidden
  tests included, never the student's copy): the names it uses that the
  notebook's solution cells define are fetched from the student's process, as
  plain data or as proxies (:mod:`course.grader.remote`). Its score is computed
  here from its ``Checks`` and must be a number in [0, points], or it is 0 and
  flagged for a person.

Each check has a deadline. A check that runs out of time, or a student process
that dies, costs that check: the process is replaced, the student's cells run
again (never a test cell), and grading goes on. A budget per notebook caps the
whole.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import gc
import io
import math
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import nbformat

from course.runtime import checks as checks_module
from course.runtime import redis_front
from course.runtime.checks import CheckTimeout, format_points
from course.runtime.redis_client import export_tag

from . import remote
from .remote import Session

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
CHECK_TIMEOUT = 10.0          # default seconds per check (Checks(timeout=...) may say otherwise)
CELL_TIMEOUT = 30.0           # seconds for one student cell, or for a test cell's code outside checks
NOTEBOOK_BUDGET = 180.0       # seconds of grading per notebook, whatever happens
MAX_RESTARTS = 8              # new student processes per notebook


class BudgetExhausted(CheckTimeout):
    check_message = "not run: this notebook used up its grading time (checks before this one ran out of time)"


class RestartsExhausted(CheckTimeout):
    check_message = "not run: the process running your code was restarted too many times (hangs or crashes)"


# -- what a cell is ------------------------------------------------------------------------------------
def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_solution_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(nbgrader_meta(cell).get("solution"))


@functools.lru_cache(maxsize=4096)
def python_source(source: str) -> str:
    """IPython syntax (magics, shell escapes) turned into plain Python."""
    if "%" not in source and "!" not in source:
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001
        return source


_NOT_SIMPLE = (ast.Call, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Await,
               ast.Yield, ast.YieldFrom, ast.NamedExpr)


def _simple(node: ast.AST) -> bool:
    """An expression that calls nothing (constants, names, arithmetic, literals): cheap, no side effects."""
    return not any(isinstance(n, _NOT_SIMPLE) for n in ast.walk(node))


HEAVY_MODULES = ("matplotlib", "ipywidgets", "IPython", "numpy", "pandas", "scipy", "seaborn",
                 "course.runtime.widgets")
LAZY = "__course_lazy__"


def _heavy(module: str | None) -> bool:
    return bool(module) and any(module == m or module.startswith(m + ".") for m in HEAVY_MODULES)


def _lazy_imports(node: ast.AST) -> str | None:
    """A teaching cell's import of a heavy module, as lazy bindings (imported on first use)."""
    if isinstance(node, ast.Import) and all(_heavy(a.name) for a in node.names):
        lines = []
        for a in node.names:
            if a.asname:
                lines.append(f"{a.asname} = {LAZY}({a.name!r})")
            else:
                top = a.name.split(".")[0]
                lines.append(f"{top} = {LAZY}({top!r})")
        return "\n".join(lines)
    if isinstance(node, ast.ImportFrom) and node.level == 0 and _heavy(node.module) \
            and all(a.name != "*" for a in node.names):
        return "\n".join(f"{a.asname or a.name} = {LAZY}({node.module!r}, {a.name!r})" for a in node.names)
    return None


def definitions(source: str) -> list[str]:
    """The top-level definitions of a teaching cell (see ``_definitions``), cached: every
    student's notebook has the same teaching cells."""
    return list(_definitions(source))


@functools.lru_cache(maxsize=4096)
def _definitions(source: str) -> tuple[str, ...]:
    """The imports, function and class definitions and simple assignments of a cell, one source each.
    Imports of heavy teaching modules (matplotlib, widgets, numpy...) bind lazily: grading never
    draws, so most are never imported."""
    source = python_source(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ()
    lines = source.splitlines()
    parts = []
    for node in tree.body:
        keep = isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if isinstance(node, ast.Assign):
            keep = all(isinstance(t, (ast.Name, ast.Tuple)) for t in node.targets) and _simple(node.value)
        elif isinstance(node, ast.AnnAssign):
            keep = node.value is not None and isinstance(node.target, ast.Name) and _simple(node.value)
        if keep:
            lazy = _lazy_imports(node)
            if lazy is not None:
                parts.append(lazy)
                continue
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            parts.append("\n".join(lines[first - 1:node.end_lineno]))
    return tuple(parts)


def preloaded_modules(master: nbformat.NotebookNode) -> tuple[str, ...]:
    """The modules the master's teaching cells import (not the heavy ones, which bind lazily):
    a spare student process imports them before it is needed (see :meth:`Engine.grade`)."""
    return _preloaded_modules(tuple(c.source for c in master.cells if c.get("cell_type") == "code"
                                    and not is_test_cell(c) and not is_solution_cell(c)))


@functools.lru_cache(maxsize=64)
def _preloaded_modules(sources: tuple[str, ...]) -> tuple[str, ...]:
    modules: list[str] = []
    for source in sources:
        for part in definitions(source):
            try:
                tree = ast.parse(part)
            except SyntaxError:
                continue
            for node in tree.body:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
                modules += [n for n in names if not _heavy(n) and n not in modules]
    return tuple(modules)


def loaded_names(source: str) -> set[str]:
    return set(_loaded_names(source))


@functools.lru_cache(maxsize=4096)
def _loaded_names(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    return frozenset({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)})


def defined_names(source: str) -> set[str]:
    """Names a cell defines at its top level."""
    return set(_defined_names(source))


@functools.lru_cache(maxsize=4096)
def _defined_names(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return frozenset()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        names.add(n.id)
    return frozenset(names)


@functools.lru_cache(maxsize=4096)
def hidden_lines(source: str) -> tuple[int, int] | None:
    """1-based (first, last) line of the hidden-tests region, if any."""
    lines = source.splitlines()
    begin = next((i for i, l in enumerate(lines) if HIDDEN_BEGIN in l), None)
    if begin is None:
        return None
    end = next((i for i, l in enumerate(lines) if i > begin and HIDDEN_END in l), len(lines) - 1)
    return begin + 1, end + 1


@functools.lru_cache(maxsize=1024)
def _compiled(source: str, filename: str):
    """A test cell's code object: the same for every notebook of a batch (code objects are immutable)."""
    return compile(source, filename, "exec")


@functools.lru_cache(maxsize=4096)
def cell_title(source: str) -> str:
    """The one-line docstring a test cell opens with."""
    try:
        tree = ast.parse(source)
        doc = ast.get_docstring(tree)
    except SyntaxError:
        doc = None
    return (doc or "").strip().splitlines()[0] if doc else ""


SETUP_TAG = "grade-setup"


def _tags(cell) -> list:
    tags = cell.get("metadata", {}).get("tags", [])
    return tags if isinstance(tags, list) else []


def _changed(cell, teaching: dict) -> bool:
    """A cell the student added, or a teaching cell whose code the student changed."""
    master = teaching.get(cell.get("id"))
    return master is None or master.source.strip() != cell.source.strip()


# -- results ----------------------------------------------------------------------------------------------
@dataclass
class CheckResult:
    name: str
    passed: bool
    weight: float
    message: str
    hidden: bool


@dataclass
class TestResult:
    grade_id: str
    title: str
    points: float
    score: float
    output: str
    checks: list[CheckResult] = field(default_factory=list)
    flag: str = ""                   # why a person should look at this cell
    seconds: float = 0.0


@dataclass
class StudentCellResult:
    index: int
    output: str
    error: dict | None = None


@dataclass
class NotebookReport:
    tests: dict[str, TestResult] = field(default_factory=dict)
    student_cells: dict[str, StudentCellResult] = field(default_factory=dict)   # by cell id
    restarts: int = 0
    seconds: float = 0.0
    kind: str = "sandbox"
    # how many checks, test cells or student cells ran out of time: a result that can depend on
    # the machine's load (make autograde grades such a notebook again, alone)
    timeouts: int = 0

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tests.values())

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tests.values())

    @property
    def flags(self) -> dict[str, str]:
        return {gid: t.flag for gid, t in self.tests.items() if t.flag}


# -- the hooks the runtime's Checks call while a test cell runs here -----------------------------------
class _Hooks:
    def __init__(self, engine: "Engine"):
        self.engine = engine
        self.created_checks: list = []
        self.results: list[CheckResult] = []
        self.cell_file = ""
        self.hidden: tuple[int, int] | None = None

    def created(self, checks) -> None:
        self.created_checks.append(checks)

    @contextlib.contextmanager
    def check(self, limit: float | None):
        engine = self.engine
        engine.ensure_session()
        remaining = engine.budget_end - time.monotonic()
        if remaining <= 0:
            raise BudgetExhausted()
        seconds = min(limit or CHECK_TIMEOUT, remaining, engine.max_check_seconds or float("inf"))
        session = engine.session
        previous = session.deadline
        session.check += 1
        session.deadline = time.monotonic() + seconds
        session.take_output()
        try:
            with _alarm(seconds + 3):
                yield
        finally:
            session.deadline = previous
            session.check += 1

    def student_output(self) -> str:
        session = self.engine.session
        return session.take_output() if session is not None else ""

    def record(self, checks, name, fn, passed, weight, message, failure) -> None:
        code = getattr(fn, "__code__", None)
        hidden = bool(self.hidden and code is not None and code.co_filename == self.cell_file
                      and self.hidden[0] <= code.co_firstlineno <= self.hidden[1])
        self.results.append(CheckResult(name, passed, weight, message, hidden))
        if isinstance(failure, CheckTimeout):
            self.engine.timeouts += 1
        if self.engine.session is not None and self.engine.session.broken:
            self.engine.restart()

    def map(self, fn, argslist):
        return remote.remote_map(fn, argslist)

    def calls(self, obj, steps):
        return remote.remote_calls(obj, steps)

    def probe(self, fn, args, kwargs):
        if remote.probe_session(args, kwargs) is None:
            return NotImplemented
        return remote.remote_probe(fn, args, kwargs)[0]

    def probe_cpu(self, fn, args, kwargs):
        if remote.probe_session(args, kwargs) is None:
            return NotImplemented
        return remote.remote_probe(fn, args, kwargs)[1]


@contextlib.contextmanager
def _alarm(seconds: float):
    """A backstop for the grader's own code (a test that loops on the student's answers)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise CheckTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_timer[0]:
            signal.setitimer(signal.ITIMER_REAL, *old_timer)


# -- the engine -----------------------------------------------------------------------------------------------
class Engine:
    """Grades notebooks one after another (a worker reuses one Engine)."""

    def __init__(self, kind: str = "sandbox", budget: float = NOTEBOOK_BUDGET,
                 max_check_seconds: float | None = None, real_redis: bool = False, warm: bool = False):
        self.kind = kind
        # warm: keep a spare student process ready for the next notebook (a worker grading many)
        self.warm = warm and kind == "sandbox"
        self._spare: tuple[threading.Thread, redis_front.RedisFront, dict] | None = None
        # Grading uses embedded fakeredis servers in this process; the suite's Redis lane sets
        # real_redis to relay the same tests to the real server of REDIS_URL (one grade at a time).
        self.real_redis = real_redis
        self.budget = budget
        self.max_check_seconds = max_check_seconds      # caps every check's own timeout (tests use it)
        self.session: Session | None = None
        self.front: redis_front.RedisFront | None = None
        self.replay: list[tuple[list[str], bool]] = []
        self.restarts = 0
        self.timeouts = 0
        self.budget_end = 0.0

    # -- the student's process ---------------------------------------------------------------------
    def _new_session(self, front: redis_front.RedisFront) -> Session:
        """A student process that sees ``front``'s Redis folder; the grader's Redis clients it is
        given cross as sockets of the engine's current front."""
        session = Session(self.kind, socket_dirs=[front.directory])
        session.redis_export = lambda obj: export_tag(obj, self.front)
        return session

    def ensure_session(self) -> None:
        if self.session is None:
            self.session = self._new_session(self.front)
        elif self.session.broken:
            self.restart()

    # -- a spare student process, started while the previous notebook is graded ----------------------
    def _start_spare(self, modules: tuple[str, ...]) -> None:
        """Start the next notebook's student process now, in the background: a fresh sandbox (its
        own Redis folder), which imports ``modules`` (the course's runtime, redis-py: what the
        notebook's teaching cells import) and runs nothing else. Nobody's code has run in it."""
        front = redis_front.RedisFront()
        box: dict[str, Any] = {}
        # Started by this thread: bubblewrap's --die-with-parent follows the thread that started it
        # (a process started by a helper thread dies when the thread ends). Only the wait for the
        # imports is left to a helper.
        try:
            box["session"] = session = self._new_session(front)
        except BaseException:  # noqa: BLE001 - no spare: the next notebook starts its own
            box["failed"] = True

        def run() -> None:
            try:
                if modules and not box.get("failed"):
                    session.deadline = time.monotonic() + CELL_TIMEOUT
                    session.request({"op": "preload", "modules": list(modules)})
                    session.deadline = None
                    session.take_output()
                    # this thread's strand ends here: later messages on it are strays (dropped)
                    session.mailbox.retire(session._strand_id())
            except BaseException:  # noqa: BLE001 - no spare: the next notebook starts its own
                box["failed"] = True

        thread = threading.Thread(target=run, daemon=True, name="course-spare-student")
        thread.start()
        self._spare = (thread, front, box)

    def _take_spare(self) -> tuple[redis_front.RedisFront, Session] | None:
        if self._spare is None:
            return None
        thread, front, box = self._spare
        self._spare = None
        thread.join(CELL_TIMEOUT)
        session = box.get("session")
        if thread.is_alive() or box.get("failed") or session is None or session.broken \
                or not session.process.alive():
            if session is not None:
                session.kill()
            front.close()
            return None
        return front, session

    def close(self) -> None:
        """Stop the spare student process, if any."""
        spare = self._take_spare()
        if spare is not None:
            spare[1].kill()
            spare[0].close()

    def restart(self) -> None:
        if self.restarts >= MAX_RESTARTS:
            self.session.broken = "too many restarts"
            raise RestartsExhausted()
        self.restarts += 1
        self.session.restart()
        deadline = time.monotonic() + CELL_TIMEOUT
        self.session.deadline = min(deadline, self.budget_end)
        try:
            for sources, whole in self.replay:
                if self.session.broken:
                    break
                if whole:
                    self.session.exec_cell(sources[0])
                else:
                    self.session.exec_each(sources)
        except BaseException:  # noqa: BLE001 - a replay that hangs: the next check says so
            pass
        finally:
            self.session.deadline = None
            self.session.take_output()

    # -- one notebook --------------------------------------------------------------------------------------
    def grade(self, student: nbformat.NotebookNode, master: nbformat.NotebookNode | None = None,
              only: set[str] | None = None, first_failure: bool = False) -> NotebookReport:
        """Grade ``student`` against ``master``'s test cells (``only``: just these test cells,
        e.g. the ones a catalog variant can affect). ``first_failure``: stop after the first test
        cell that loses a point (mutation testing only needs to know that one does)."""
        master = master if master is not None else student
        spare = self._take_spare() if self.warm else None     # (waiting for it is not grading time)
        started = time.monotonic()
        report = NotebookReport(kind=self.kind)
        tests = {nbgrader_meta(c)["grade_id"]: c for c in master.cells if is_test_cell(c)
                 and (only is None or nbgrader_meta(c)["grade_id"] in only)}
        teaching = {c.get("id"): c for c in master.cells if c.get("cell_type") == "code"
                    and not is_test_cell(c) and not is_solution_cell(c)}
        graded_names = set()
        for c in master.cells:
            if is_solution_cell(c):
                graded_names |= defined_names(c.source)
        if spare is not None:
            self.front, self.session = spare
        else:
            self.front = redis_front.RedisFront()
        self.replay, self.restarts, self.timeouts = [], 0, 0
        self.budget_end = started + self.budget
        saved_hooks = checks_module.HOOKS
        saved_url = None if self.real_redis else os.environ.pop("REDIS_URL", None)
        redis_front.set_local_front(self.front)
        hooks = _Hooks(self)
        checks_module.HOOKS = hooks
        try:
            self.ensure_session()
            if self.warm:
                self._start_spare(preloaded_modules(master))
            done: set[str] = set()
            for index, cell in enumerate(student.cells):
                if cell.get("cell_type") != "code":
                    continue
                gid = nbgrader_meta(cell).get("grade_id")
                if gid in tests and gid not in done and is_test_cell(cell):
                    done.add(gid)
                    report.tests[gid] = self._run_test(tests[gid], graded_names, hooks)
                    if first_failure and report.score < report.max_score:
                        break
                elif gid in tests or (only is not None and is_test_cell(cell)):
                    continue            # a test cell graded from the master (or not graded this time)
                elif is_solution_cell(cell) or _changed(cell, teaching) or SETUP_TAG in _tags(teaching[cell.get("id")]):
                    report.student_cells[cell.get("id") or str(index)] = self._run_student(
                        index, [python_source(cell.source)], whole=True)
                else:
                    parts = definitions(cell.source)
                    if parts:
                        self._run_student(index, parts, whole=False)
            for gid, cell in tests.items():        # test cells the student's notebook lost
                if first_failure and report.score < report.max_score:
                    break
                if gid not in done:
                    report.tests[gid] = self._run_test(cell, graded_names, hooks)
        finally:
            checks_module.HOOKS = saved_hooks
            if saved_url is not None:
                os.environ["REDIS_URL"] = saved_url
            redis_front.set_local_front(None)
            if self.session is not None:
                self.session.kill()
                self.session = None
            self.front.close()
            # A check's SQLite databases and sessions sit in reference cycles (a connection that
            # wraps itself, callbacks that name their owner); without a collection here a worker
            # grading hundreds of notebooks keeps their files open until it runs out of descriptors.
            # What survives is frozen (left out of later collections): each collection then walks
            # only what one notebook made, not every module and object of the process (0.13 s each).
            gc.collect()
            gc.freeze()
        report.restarts = self.restarts
        report.timeouts = self.timeouts
        report.seconds = time.monotonic() - started
        return report

    def _run_student(self, index: int, sources: list[str], whole: bool) -> StudentCellResult:
        self.ensure_session()
        session = self.session
        remaining = self.budget_end - time.monotonic()
        if remaining <= 0:
            return StudentCellResult(index, "", {"type": "TimeoutError",
                                                 "message": "not run: the notebook's grading time is used up"})
        session.deadline = time.monotonic() + min(CELL_TIMEOUT, remaining, self.max_check_seconds or float("inf"))
        error = None
        try:
            exc = session.exec_cell(sources[0]) if whole else session.exec_each(sources)
            if exc is not None:
                error = {"type": getattr(exc, "student_type", type(exc).__name__), "message": str(exc),
                         "where": getattr(exc, "student_where", "")}
        except CheckTimeout:
            self.timeouts += 1
            error = {"type": "TimeoutError", "message": f"the cell did not finish within {CELL_TIMEOUT:g} s"}
        except (remote.SandboxDied, remote.SessionBroken) as exc:
            error = {"type": type(exc).__name__, "message": getattr(exc, "check_message", str(exc))}
        finally:
            session.deadline = None
        output = session.take_output()
        if error is None or error.get("type") not in ("TimeoutError", "SandboxDied", "SessionBroken"):
            self.replay.append((sources, whole))
        if session.broken:
            self.restart()
        return StudentCellResult(index, output, error)

    def _run_test(self, cell, graded_names: set[str], hooks: _Hooks) -> TestResult:
        meta = nbgrader_meta(cell)
        gid, points = meta["grade_id"], float(meta.get("points", 0) or 0)
        source = cell.source
        started = time.monotonic()
        filename = f"<test {gid}>"
        hooks.created_checks, hooks.results = [], []
        hooks.cell_file, hooks.hidden = filename, hidden_lines(source)
        out = io.StringIO()
        problem = ""
        namespace: dict[str, Any] | None = None
        scope = self.front.new_scope()          # the cell's Redis servers: closed when it ends
        try:
            self.ensure_session()
            names = sorted(loaded_names(source) & graded_names)
            namespace = {"__name__": "__test__", "__builtins__": builtins}
            session = self.session
            session.deadline = time.monotonic() + min(CELL_TIMEOUT, max(0.1, self.budget_end - time.monotonic()))
            try:
                if names:
                    namespace.update(session.fetch(names))
            finally:
                session.deadline = None
            code = _compiled(source, filename)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                session.deadline = time.monotonic() + min(CELL_TIMEOUT, max(0.1, self.budget_end - time.monotonic()))
                try:
                    with _alarm(CELL_TIMEOUT + 30):
                        exec(code, namespace)
                finally:
                    if self.session is not None:
                        self.session.deadline = None
        except BaseException as exc:  # noqa: BLE001 - the cell's score is then 0
            if isinstance(exc, KeyboardInterrupt):
                raise
            if isinstance(exc, CheckTimeout):
                self.timeouts += 1
            problem = checks_module.describe_failure(exc, filename, CELL_TIMEOUT)
            if self.session is not None and self.session.broken:
                try:
                    self.restart()
                except CheckTimeout:
                    pass
        finally:
            if namespace is not None:
                namespace.clear()               # (breaks the cycle functions -> globals): proxies go, their
            namespace = None                    # objects are released in the student's process
            self.front.close_scope(scope)
        earned = sum(c.earned() for c in hooks.created_checks)
        declared = sum(c.points for c in hooks.created_checks)
        flag = ""
        if problem:
            score = 0.0
        elif not hooks.created_checks:
            score, flag = 0.0, "the test cell made no Checks"
        elif abs(declared - points) > 1e-9:
            score, flag = 0.0, f"the cell's Checks are worth {declared:g} points but the cell {points:g}"
        else:
            score = earned
        if not (isinstance(score, (int, float)) and math.isfinite(score) and 0 <= score <= points + 1e-9):
            flag = f"a score of {score!r} is not a number in [0, {points:g}]"
            score = 0.0
        score = min(float(score), points)
        text = out.getvalue()
        if not problem:
            text += "".join(c.summary() + "\n" for c in hooks.created_checks)
        if problem:
            text += f"\u2718 the test cell stopped: {problem}\n"
            text += f"0 / {format_points(points)} points\n"
        if flag:
            text += f"\u2691 flagged for review: {flag}; scored 0\n"
        return TestResult(gid, cell_title(source), points, score, text, list(hooks.results), flag,
                          time.monotonic() - started)


def grade_notebook(student, master=None, kind: str = "sandbox", budget: float = NOTEBOOK_BUDGET) -> NotebookReport:
    """One notebook (a path or a NotebookNode), graded by a fresh engine."""
    if not isinstance(student, nbformat.NotebookNode):
        student = nbformat.read(student, as_version=4)
    if master is not None and not isinstance(master, nbformat.NotebookNode):
        master = nbformat.read(master, as_version=4)
    return Engine(kind, budget).grade(student, master)
