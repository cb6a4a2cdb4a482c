"""A tiny synthetic assignment for the grader's own tests: cheap to grade, easy to poison.

``master()`` is the instructor's notebook: a teaching cell, two solution cells
(``add`` and ``Tally``, a counter on an injected clock), and three test cells
(one with hidden tests). ``student(code_add, code_tally, extra=...)`` is a
student's copy with the solution cells replaced and extra cells appended.
"""
from __future__ import annotations

import copy

import nbformat

HIDDEN_MARK = "SECRET-HIDDEN-EXPECTATION-4242"

TEACHING = '''import math
from course.runtime.clocks import FakeClock

def helper_from_teaching(x):
    return 2 * x
'''

REFERENCE_ADD = '''def add(a, b):
    """TODO: return a + b.
    APPROACH: one line.
    EXAMPLE: add(2, 3) == 5
    """
    ### BEGIN SOLUTION
    return a + b
    ### END SOLUTION
'''

REFERENCE_TALLY = '''class Tally:
    """Counts events; `rate()` is events per second since it was made, on the injected clock.
    TODO / APPROACH / EXAMPLE: see the contract.
    """

    def __init__(self, clock):
        ### BEGIN SOLUTION
        self.clock, self.start, self.n = clock, clock(), 0
        ### END SOLUTION

    def hit(self):
        ### BEGIN SOLUTION
        self.n += 1
        return self.n
        ### END SOLUTION

    def rate(self):
        ### BEGIN SOLUTION
        elapsed = self.clock() - self.start
        return self.n / elapsed if elapsed > 0 else 0.0
        ### END SOLUTION
'''

TEST_ADD = '''"""add: numbers in, their sum out."""
from course.runtime.checks import Checks, expect, expect_equal

checks = Checks(points=2)


@checks.check("add(2, 3) == 5")
def _():
    expect_equal(add(2, 3), 5, "add(2, 3)")


@checks.check("add returns an int for ints (True is not 1)")
def _():
    got = add(1, 0)
    expect(type(got) is int and got == 1, f"add(1, 0) should be the int 1, got {got!r}")

### BEGIN HIDDEN TESTS
@checks.check("add of floats and negatives")
def _():
    # ''' + HIDDEN_MARK + '''
    expect_equal(add(-1.5, 0.25), -1.25, "add(-1.5, 0.25)")
    expect_equal(add(10**20, 1), 10**20 + 1, "add(10**20, 1)")
### END HIDDEN TESTS

checks.score()
'''

TEST_TALLY = '''"""Tally: counts, and a rate on the injected clock."""
from course.runtime.checks import Checks, expect_close, expect_equal
from course.runtime.clocks import FakeClock

checks = Checks(points=2)


@checks.check("hit counts 1, 2, 3")
def _():
    t = Tally(FakeClock(100.0))
    expect_equal([t.hit(), t.hit(), t.hit()], [1, 2, 3], "three hits")


@checks.check("rate is hits per second of the injected clock")
def _():
    clock = FakeClock(100.0)
    t = Tally(clock)
    t.hit(); t.hit()
    clock.advance(4)
    expect_close(t.rate(), 0.5, "rate() after 2 hits in 4 s")

checks.score()
'''

TEST_INDEPENDENT = '''"""A cell that uses no student code (it must keep its point whatever the student does)."""
from course.runtime.checks import Checks, expect

checks = Checks(points=1)


@checks.check("arithmetic still works")
def _():
    expect(1 + 1 == 2, "1 + 1")

checks.score()
'''


def _meta(kind: str, gid: str, points: float = 0) -> dict:
    if kind == "solution":
        return {"nbgrader": {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3, "solution": True}}
    return {"nbgrader": {"grade": True, "grade_id": gid, "locked": True, "points": points, "schema_version": 3,
                         "solution": False}}


def master() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cells = [
        ("markdown", "cell-intro", "# A synthetic chapter", None),
        ("code", "cell-teach", TEACHING, None),
        ("code", "cell-add", REFERENCE_ADD, _meta("solution", "add")),
        ("code", "cell-test-add", TEST_ADD, _meta("test", "test-add", 2)),
        ("code", "cell-tally", REFERENCE_TALLY, _meta("solution", "tally")),
        ("code", "cell-test-tally", TEST_TALLY, _meta("test", "test-tally", 2)),
        ("code", "cell-test-independent", TEST_INDEPENDENT, _meta("test", "test-independent", 1)),
    ]
    for kind, cid, source, meta in cells:
        cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
        cell.id = cid
        if meta:
            cell.metadata.update(meta)
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def student(add: str | None = None, tally: str | None = None, extra: list[str] = (),
            markdown: list[str] = ()) -> nbformat.NotebookNode:
    """A student's copy: solution cells replaced (None keeps the reference), extra cells appended."""
    nb = copy.deepcopy(master())
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "add" and add is not None:
            cell.source = add
        if gid == "tally" and tally is not None:
            cell.source = tally
    for i, code in enumerate(extra):
        cell = nbformat.v4.new_code_cell(code)
        cell.id = f"student-extra-{i}"
        nb.cells.insert(3, cell)            # before the first test cell, like a student's own cell
    for i, text in enumerate(markdown):
        cell = nbformat.v4.new_markdown_cell(text)
        cell.id = f"student-md-{i}"
        nb.cells.append(cell)
    return nb


STUB_ADD = 'def add(a, b):\n    raise NotImplementedError()\n'
STUB_TALLY = ('class Tally:\n    def __init__(self, clock):\n        raise NotImplementedError()\n'
              '    def hit(self):\n        raise NotImplementedError()\n'
              '    def rate(self):\n        raise NotImplementedError()\n')


def stub() -> nbformat.NotebookNode:
    return student(STUB_ADD, STUB_TALLY)


FULL = {"test-add": 2.0, "test-tally": 2.0, "test-independent": 1.0}


def scores(report) -> dict[str, float]:
    return {gid: t.score for gid, t in report.tests.items()}
