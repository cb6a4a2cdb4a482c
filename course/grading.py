"""Named checks for nbgrader test cells.

A test cell runs several named checks; each prints a line saying what it
checked and, on failure, what was expected and what came back. A failure never
stops the cell, and the cell's last expression is the number of points earned,
which nbgrader reads as partial credit::

    \"\"\"LRUCache: eviction order.\"\"\"
    from course.grading import Checks, expect, expect_equal

    checks = Checks(points=2)

    @checks.check("evicts the least recently used key")
    def _():
        cache = LRUCache(2)
        cache.put("a", 1); cache.put("b", 2); cache.get("a"); cache.put("c", 3)
        expect("b" not in cache, "'b' was used least recently, so put('c') should have evicted it")

    checks.score()

Why the care:

- nbgrader gives 0 to a test cell with *any* stderr output, so student code
  that prints a warning or logs would lose points. Each check captures the
  student's stdout and stderr and reports them on stdout.
- Exceptions never escape a check, so no traceback through hidden test code
  reaches a feedback page; the message names the student's own line instead.
- A check that runs too long (an infinite loop, a spin on a clock that never
  moves) is stopped after ``timeout`` seconds and fails alone.
- ``os._exit`` and ``sys.exit`` inside a check fail that check instead of
  killing the kernel.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
import reprlib
import signal
import sys
import threading
import traceback
from typing import Any, Callable

PASS_MARK = "\u2714"  # ✔
FAIL_MARK = "\u2718"  # ✘
DEFAULT_TIMEOUT = 10.0

_short = reprlib.Repr()
_short.maxstring = 120
_short.maxother = 120
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxdict = 12


def show(value: Any) -> str:
    """A short, readable repr for messages."""
    return _short.repr(value)


class CheckFailed(AssertionError):
    """Raised by the ``expect*`` helpers; its message is shown to the student."""


class CheckTimeout(BaseException):
    """Raised inside a check that ran past its time limit (BaseException: a
    student's ``except Exception`` cannot swallow it)."""


class ExitCalled(BaseException):
    """Raised when student code calls os._exit() during a check."""


def expect(condition: Any, message: str) -> None:
    """Fail the current check with ``message`` unless ``condition`` is true."""
    if not condition:
        raise CheckFailed(message)


def expect_equal(got: Any, expected: Any, what: str) -> None:
    """``what``: expected ``expected``, got ``got``."""
    if not (type(got) is type(expected) and got == expected) and not _loosely_equal(got, expected):
        raise CheckFailed(f"{what}: expected {show(expected)}, got {show(got)}")


def _loosely_equal(got: Any, expected: Any) -> bool:
    # 3 == 3.0 and [1] == [1] pass; True == 1 and "1" == 1 do not.
    if isinstance(got, bool) != isinstance(expected, bool):
        return False
    try:
        return bool(got == expected)
    except Exception:
        return False


def expect_close(got: Any, expected: float, what: str, rel: float = 1e-9, abs_tol: float = 1e-9) -> None:
    """Numbers equal up to rounding: ``what``: expected about ``expected``, got ``got``."""
    ok = isinstance(got, (int, float)) and not isinstance(got, bool)
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
        raise CheckFailed(f"{what}: expected {names}, but it raised {type(exc).__name__}: {exc}") from None
    raise CheckFailed(f"{what}: expected {names}, but it returned {show(result)}")


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


def _describe_failure(exc: BaseException, test_file: str, timeout: float | None) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    if isinstance(exc, CheckTimeout):
        return (f"no answer within {timeout:g} s: an infinite loop, or waiting on a clock "
                f"that never moves? (stopped so the other checks can run)")
    if isinstance(exc, ExitCalled):
        return f"the code called os._exit({exc.args[0] if exc.args else ''}), which would kill the kernel"
    if isinstance(exc, SystemExit):
        return f"the code called sys.exit({exc.code!r})"
    if isinstance(exc, NotImplementedError):
        return "not implemented yet (the stub still raises NotImplementedError)" + _student_location(exc, test_file)
    if isinstance(exc, NameError):
        return f"{exc}: run the cell that defines it first, and check the spelling"
    return f"raised {type(exc).__name__}: {exc}" + _student_location(exc, test_file)


class Checks:
    """A scorecard for one test cell. See the module docstring."""

    def __init__(self, points: float = 1.0, title: str | None = None, timeout: float | None = DEFAULT_TIMEOUT):
        if points <= 0:
            raise ValueError("points must be positive")
        self.points = float(points)
        self.title = title
        self.timeout = timeout
        self.results: list[tuple[str, bool, float, str]] = []  # (name, passed, weight, message)
        if title:
            print(title)

    # -- running checks -------------------------------------------------------
    def run(self, name: str, fn: Callable[[], Any], weight: float = 1.0, timeout: float | None = None) -> bool:
        """Run one named check now; record and print its result."""
        limit = self.timeout if timeout is None else timeout
        out, err = io.StringIO(), io.StringIO()
        message = ""
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _no_exit(), _Timer(limit):
                fn()
            passed = True
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a message
            passed = False
            message = _describe_failure(exc, fn.__code__.co_filename, limit)
        self.results.append((name, passed, float(weight), message))
        print(f"{PASS_MARK if passed else FAIL_MARK} {name}")
        if not passed:
            print(_indent(message))
            for label, stream in (("printed", out), ("wrote to stderr", err)):
                text = stream.getvalue().strip()
                if text:
                    print(_indent(f"(your code {label}: {_clip(text)})"))
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

    def score(self) -> float:
        """Points earned (0..points): make this the cell's last expression."""
        earned = round(self.points * self.fraction(), 4)
        n = len(self.results)
        if n == 0:
            print("(this cell's checks are hidden: they run when the notebook is graded)")
        print(f"{self.passed} of {n} check{'s' if n != 1 else ''} passed: "
              f"{earned:g} / {self.points:g} point{'s' if self.points != 1 else ''}")
        return earned


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def _clip(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit] + " ..."
