"""Named checks for nbgrader test cells: the same code in a student's kernel and under grading.

A test cell runs several named checks; each prints a line saying what it
checked and, on failure, what was expected and what came back. A failure never
stops the cell, and the cell ends with ``checks.score()``::

    \"\"\"LRUCache: eviction order.\"\"\"
    from course.runtime.checks import Checks, expect, expect_equal

    checks = Checks(points=2)

    @checks.check("evicts the least recently used key")
    def _():
        cache = LRUCache(2)
        cache.put("a", 1); cache.put("b", 2); cache.get("a"); cache.put("c", 3)
        expect("b" not in cache, "'b' was used least recently, so put('c') should have evicted it")

    checks.score()

**In a student's kernel** (JupyterLab) the checks call the student's objects
directly. **Under grading** the test cell runs in the grader's own process and
the student's names are proxies to a sandboxed process (``course.grader``):
the checks, expected values and the score never live where student code runs.
The printed ✔/✘ lines are the same in both places.

Why the care in both:

- Exceptions never escape a check; the message names the student's own line.
- A check that runs too long is stopped after ``timeout`` seconds and fails alone.
- Whatever the student's code prints is shown with a failing check, never as
  stderr (nbgrader zeroes a test cell with any stderr).
- ``each(fn, items)`` makes many calls in one round trip under grading.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
import reprlib
import signal
import threading
import traceback
from typing import Any, Callable, Iterable

PASS_MARK = "\u2714"  # ✔
FAIL_MARK = "\u2718"  # ✘
DEFAULT_TIMEOUT = 10.0

_short = reprlib.Repr()
_short.maxstring = 120
_short.maxother = 120
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxdict = 12

# Set by the grader (course.grader.engine) in its own process; None in a student's kernel.
HOOKS: Any = None


def show(value: Any) -> str:
    """A short, readable repr for messages."""
    return _short.repr(value)


def format_points(value: float) -> str:
    """Points for people: at most two decimals (1.33, 2, 0.5)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class CheckFailed(AssertionError):
    """Raised by the ``expect*`` helpers; its message is shown to the student."""


class CheckTimeout(BaseException):
    """Raised inside a check that ran past its time limit (BaseException: a
    student's ``except Exception`` cannot swallow it)."""


class ExitCalled(BaseException):
    """Raised when student code calls os._exit() during a check (in a student's kernel)."""


def expect(condition: Any, message: str) -> None:
    """Fail the current check with ``message`` unless ``condition`` is true."""
    if not condition:
        raise CheckFailed(message)


def expect_equal(got: Any, expected: Any, what: str) -> None:
    """``what``: expected ``expected``, got ``got`` (compared type-exactly, also inside containers)."""
    if not same(got, expected):
        raise CheckFailed(f"{what}: expected {show(expected)}, got {show(got)}")


def same(got: Any, expected: Any) -> bool:
    """Equal, and of the same kinds all the way down: ``3 == 3.0`` passes; ``True`` vs ``1``,
    ``"1"`` vs ``1``, ``[1, 0]`` vs ``[True, False]`` and objects that claim equality do not.
    Named tuples compare with tuples of the same items."""
    if isinstance(got, bool) or isinstance(expected, bool):
        return type(got) is type(expected) and got == expected
    if type(got) in (int, float) and type(expected) in (int, float):
        return got == expected
    if isinstance(got, tuple) and isinstance(expected, tuple) and _plain_tuple(got) and _plain_tuple(expected):
        return len(got) == len(expected) and all(same(g, e) for g, e in zip(got, expected))
    if type(got) is not type(expected):
        return False
    if type(got) is list:
        return len(got) == len(expected) and all(same(g, e) for g, e in zip(got, expected))
    if type(got) is dict:
        return _equal(got.keys(), expected.keys()) and all(same(got[k], expected[k]) for k in expected)
    if type(got) in (set, frozenset):
        return _equal(got, expected) and {(type(v), v) for v in got} == {(type(v), v) for v in expected}
    return _equal(got, expected)


def _plain_tuple(value: Any) -> bool:
    return type(value) is tuple or isinstance(getattr(type(value), "_fields", None), tuple)


def _equal(got: Any, expected: Any) -> bool:
    try:
        return bool(got == expected)
    except Exception:  # noqa: BLE001
        return False


def expect_close(got: Any, expected: float, what: str, rel: float = 1e-9, abs_tol: float = 1e-9) -> None:
    """Numbers equal up to rounding: ``what``: expected about ``expected``, got ``got``."""
    ok = type(got) in (int, float)
    if not ok or not math.isclose(got, expected, rel_tol=rel, abs_tol=abs_tol):
        raise CheckFailed(f"{what}: expected {show(expected)}, got {show(got)}")


def expect_raises(exceptions, fn: Callable[[], Any], what: str) -> BaseException:
    """``fn()`` must raise one of ``exceptions``; returns the exception."""
    names = " or ".join(e.__name__ for e in (exceptions if isinstance(exceptions, tuple) else (exceptions,)))
    try:
        result = fn()
    except exceptions as exc:
        return exc
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported to the student
        if getattr(exc, "check_message", None):
            raise
        raise CheckFailed(f"{what}: expected {names}, but it raised {_exc_name(exc)}: {exc}") from None
    raise CheckFailed(f"{what}: expected {names}, but it returned {show(result)}")


def _exc_name(exc: BaseException) -> str:
    return getattr(exc, "student_type", None) or type(exc).__name__


def each(fn: Callable, items: Iterable, unpack: bool = False) -> list:
    """``[fn(item) for item in items]`` (``fn(*item)`` with ``unpack``).

    Under grading, ``fn`` is a method of the student's object in another
    process: this makes all the calls in one round trip instead of one each.
    """
    argslist = [tuple(item) if unpack else (item,) for item in items]
    if HOOKS is not None:
        result = HOOKS.map(fn, argslist)
        if result is not NotImplemented:
            return result
    return [fn(*args) for args in argslist]


def calls(obj: Any, steps: Iterable[tuple[str, tuple]]) -> list:
    """``[getattr(obj, method)(*args) for method, args in steps]``: a scripted sequence of
    calls on one object (``"__contains__"`` for ``in``), in one round trip under grading."""
    steps = [(method, tuple(args)) for method, args in steps]
    if HOOKS is not None:
        result = HOOKS.calls(obj, steps)
        if result is not NotImplemented:
            return result
    return [getattr(obj, method)(*args) for method, args in steps]


class _Timer:
    """SIGALRM-based time limit; a no-op off the main thread or without SIGALRM."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.armed = False

    def __enter__(self):
        if (
            self.seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        ):
            def on_alarm(signum, frame):
                raise CheckTimeout()

            self.previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


@contextlib.contextmanager
def _no_exit():
    """Turn os._exit() into an exception for the duration of a check."""
    real_exit = os._exit

    def fake_exit(code=0):
        raise ExitCalled(code)

    os._exit = fake_exit
    try:
        yield
    finally:
        os._exit = real_exit


def _student_location(exc: BaseException, test_file: str) -> str:
    """Where in the student's code ``exc`` came from, skipping test-cell frames."""
    where = getattr(exc, "student_where", None)
    if where is not None:
        return where
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if f.filename != test_file and os.sep + "course" + os.sep not in f.filename
    ]
    if not frames:
        return ""
    last = frames[-1]
    line = (last.line or "").strip()
    where = f"in {last.name}()" if last.name != "<module>" else "at the top level"
    return f" ({where}, line {last.lineno}: {line})" if line else f" ({where}, line {last.lineno})"


def describe_failure(exc: BaseException, test_file: str, timeout: float | None) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    if getattr(exc, "check_message", None):
        return exc.check_message  # the grader's own account (a crashed or restarted process)
    if isinstance(exc, CheckTimeout):
        return (f"no answer within {timeout:g} s: an infinite loop, or waiting on a clock "
                f"that never moves? (stopped so the other checks can run)")
    if isinstance(exc, ExitCalled):
        return f"the code called os._exit({exc.args[0] if exc.args else ''}), which would kill the kernel"
    if isinstance(exc, SystemExit) or getattr(exc, "student_type", "") == "SystemExit":
        return f"the code called sys.exit({getattr(exc, 'code', None) or exc})"
    if isinstance(exc, NotImplementedError):
        return "not implemented yet (the stub still raises NotImplementedError)" + _student_location(exc, test_file)
    if isinstance(exc, NameError):
        return f"{exc}: run the cell that defines it first, and check the spelling"
    return f"raised {_exc_name(exc)}: {exc}" + _student_location(exc, test_file)


class Checks:
    """A scorecard for one test cell. See the module docstring."""

    def __init__(self, points: float = 1.0, title: str | None = None, timeout: float | None = DEFAULT_TIMEOUT):
        if points <= 0:
            raise ValueError("points must be positive")
        if HOOKS is None and os.environ.get("NBGRADER_EXECUTION") == "autograde":
            # Autograding in the student's own kernel means nbgrader_config.py did not load the
            # course's grader: refuse to score (0 points) rather than trust the student's process.
            raise RuntimeError("this course is graded by its own grader (course.grader, wired in "
                               "nbgrader_config.py); it is not in use, so this cell is not scored")
        self.points = float(points)
        self.title = title
        self.timeout = timeout
        self.results: list[tuple[str, bool, float, str]] = []  # (name, passed, weight, message)
        if HOOKS is not None:
            HOOKS.created(self)
        if title:
            print(title)

    # -- running checks -------------------------------------------------------
    def run(self, name: str, fn: Callable[[], Any], weight: float = 1.0, timeout: float | None = None) -> bool:
        """Run one named check now; record and print its result."""
        limit = self.timeout if timeout is None else timeout
        out = io.StringIO()
        message = ""
        student_output = ""
        failure: BaseException | None = None
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                if HOOKS is not None:
                    with HOOKS.check(limit):
                        fn()
                else:
                    with _no_exit(), _Timer(limit):
                        fn()
            passed = True
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a message
            passed = False
            failure = exc
            message = describe_failure(exc, fn.__code__.co_filename, limit)
        if HOOKS is not None:
            student_output = HOOKS.student_output()
        self.results.append((name, passed, float(weight), message))
        if HOOKS is not None:
            HOOKS.record(self, name, fn, passed, float(weight), message, failure)
        print(f"{PASS_MARK if passed else FAIL_MARK} {name}")
        if not passed:
            print(_indent(message))
            printed = (student_output + out.getvalue()).strip()
            if printed:
                print(_indent(f"(your code printed: {_clip(printed)})"))
        return passed

    def check(self, name: str, weight: float = 1.0, timeout: float | None = None):
        """Decorator form of :meth:`run`: the function runs right away."""
        def decorate(fn):
            self.run(name, fn, weight=weight, timeout=timeout)
            return fn
        return decorate

    # -- the result -----------------------------------------------------------
    @property
    def passed(self) -> int:
        return sum(1 for _, ok, _, _ in self.results if ok)

    def fraction(self) -> float:
        total = sum(w for _, _, w, _ in self.results)
        if total == 0:
            return 0.0
        return sum(w for _, ok, w, _ in self.results if ok) / total

    def earned(self) -> float:
        return round(self.points * self.fraction(), 4)

    def summary(self) -> str:
        earned, n = self.earned(), len(self.results)
        return (f"{self.passed} of {n} check{'s' if n != 1 else ''} passed: {format_points(earned)} / "
                f"{format_points(self.points)} point{'s' if self.points != 1 else ''}")

    def score(self) -> "Score":
        """Points earned (0..points): make this the cell's last expression.

        The summary ("2 of 3 checks passed: 1.5 / 2 points") shows as the cell's result;
        the number itself is what nbgrader reads."""
        if not self.results:
            print("(this cell's checks are hidden: they run when the notebook is graded)")
        return Score(self.earned(), self.summary())


class Score(float):
    """The cell's points: a number (nbgrader reads ``text/plain``) shown as the summary line."""

    def __new__(cls, value: float, summary: str = ""):
        score = super().__new__(cls, value)
        score.summary = summary
        return score

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.summary)}</pre>"


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _clip(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit] + " ..."
