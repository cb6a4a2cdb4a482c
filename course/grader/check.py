"""Check a notebook the way the grader will: ``make check NB=work/02_caching/caching.ipynb``.

It grades the notebook's own (visible) test cells with the course's grader, in a
fresh process (sandboxed where bubblewrap is available; it is your own code
either way), prints each test cell's score and the checks that failed, and exits
1 unless every autograded point of the visible checks is earned. Hidden checks
run only when the instructor grades: full marks here means the visible checks
pass, not that the hidden ones will.

(``nbgrader validate`` prints a verdict but always exits 0.)
"""
from __future__ import annotations

import argparse
import sys

import nbformat

from . import engine, sandbox
from course.runtime.checks import format_points


def describe_error(nb, index: int, error: dict) -> str:
    """One line on a code cell of the student's that raised: which cell, what, and (for a stub) what to do."""
    cell = nb.cells[index] if 0 <= index < len(nb.cells) else {}
    gid = engine.nbgrader_meta(cell).get("grade_id") if cell else None
    first = next((ln.strip() for ln in (cell.get("source") or "").splitlines()
                  if ln.strip() and not ln.lstrip().startswith("#")), "") if cell else ""
    where = f"cell {index + 1}" + (f" (exercise {gid})" if gid else f" (`{first[:60]}`)" if first else "")
    kind, message = error.get("type") or "an error", (error.get("message") or "").strip()
    if kind == "NotImplementedError":
        detail = message or ("still the exercise's stub (`raise NotImplementedError()`): implement it, then check again"
                             if gid else "it calls an exercise not implemented yet (a stub)")
        return f"{where} raised NotImplementedError: {detail}"
    return f"{where} raised {kind}: {message or '(no message)'}"


def check(path: str, verbose: bool = False) -> bool:
    nb = nbformat.read(path, as_version=4)
    kind = "sandbox" if sandbox.sandbox_problem() is None else "unsafe"
    report = engine.Engine(kind).grade(nb)
    hand = [c for c in nb.cells if c.cell_type == "markdown" and engine.nbgrader_meta(c).get("grade")]
    print(f"{path}: {format_points(report.score)} / {format_points(report.max_score)} points "
          f"from the visible checks ({report.seconds:.1f} s)")
    for gid, test in report.tests.items():
        full = test.score >= test.points - 1e-9
        print(f"  {'ok  ' if full else 'FAIL'} {test.title or gid}: "
              f"{format_points(test.score)} / {format_points(test.points)}")
        if verbose or not full:
            for line in test.output.strip().splitlines():
                if not line.startswith("\u2714") or verbose:
                    print(f"       {line}")
    for cell in hand:
        print(f"  ?    {engine.nbgrader_meta(cell)['grade_id']}: graded by hand "
              f"({format_points(float(engine.nbgrader_meta(cell).get('points', 0)))} points)")
    for key, result in report.student_cells.items():
        if result.error:
            print(f"  note: {describe_error(nb, result.index, result.error)}")
    return all(t.score >= t.points - 1e-9 for t in report.tests.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.grader.check", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every check, passed ones too")
    args = parser.parse_args(argv)
    ok = all([check(path, args.verbose) for path in args.notebooks])
    print("Every visible check passes (hidden checks run when the notebook is graded)." if ok
          else "Some checks fail: see the messages above.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
